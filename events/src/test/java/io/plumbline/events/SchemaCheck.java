package io.plumbline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.testing.JsonSchemaCheck;
import java.util.List;

/** The prediction event schema (or the feedback record schema), checked by test-support's {@link JsonSchemaCheck}. */
final class SchemaCheck {
    static final String RESOURCE = "/io/plumbline/events/prediction-event.schema.json";
    static final String FEEDBACK = "/io/plumbline/events/feedback-record.schema.json";

    private final JsonSchemaCheck check;

    SchemaCheck() {
        this(RESOURCE);
    }

    SchemaCheck(String resource) {
        check = JsonSchemaCheck.resource(SchemaCheck.class, resource);
    }

    JsonNode schema() {
        return check.schema();
    }

    /** Every violation found, each with its JSON path; empty when the document conforms. */
    List<String> violations(JsonNode doc) {
        return check.violations(doc);
    }
}
