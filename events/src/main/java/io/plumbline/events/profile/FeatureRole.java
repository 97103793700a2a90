package io.plumbline.events.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a profiled column is a model input or something the model produced (a score or class). */
public enum FeatureRole {
    @JsonProperty("input")
    INPUT,
    @JsonProperty("output")
    OUTPUT
}
