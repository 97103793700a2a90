package io.plumbline.monitor.driver;

import io.plumbline.monitor.observe.Observation;
import io.plumbline.monitor.observe.Outputs;
import io.plumbline.monitor.observe.RowSegments;

/** Told of each prediction the {@link WindowDriver} counted, with what it read of it once (the feedback join keeps it). */
@FunctionalInterface
public interface PredictionListener {
    void counted(Observation o, Outputs outputs, RowSegments segments);
}
