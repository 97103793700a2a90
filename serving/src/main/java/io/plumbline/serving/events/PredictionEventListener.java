package io.plumbline.serving.events;

import io.plumbline.events.PredictionEvent;
import io.plumbline.events.TensorLimits;
import io.plumbline.model.LoadedModel;
import io.plumbline.serving.inference.InferenceRequest;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.serving.inference.PredictionListener;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Turns answered predictions into events: keeps a {@code sample-rate} fraction of them, builds the
 * event (time of completion, request inputs, response outputs, oversized tensors summarised) and
 * offers it to the sink. Called after the response is complete; does no I/O and never waits.
 */
@Singleton
final class PredictionEventListener implements PredictionListener {
    private final EventSink sink;
    private final EventCounters counters;
    private final TensorLimits limits;
    private final double sampleRate;
    private final Clock clock;
    private final DoubleSupplier random;
    private final boolean enabled;

    @Inject
    PredictionEventListener(EventSink sink, EventsConfig config, EventCounters counters) {
        this(sink, config, counters, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param random uniform in [0, 1), decides which predictions are sampled
     */
    PredictionEventListener(EventSink sink, EventsConfig config, EventCounters counters, Clock clock,
            DoubleSupplier random) {
        this.sink = sink;
        this.counters = counters;
        this.limits = config.limits();
        this.sampleRate = config.sampleRate();
        this.clock = clock;
        this.random = random;
        this.enabled = sink.kind() != SinkKind.NONE && sampleRate > 0;
    }

    @Override
    public void completed(LoadedModel model, InferenceRequest request, InferenceResponse response,
            long latencyNanos) {
        completed(model, request, response, latencyNanos, null);
    }

    @Override
    public void completed(LoadedModel model, InferenceRequest request, InferenceResponse response,
            long latencyNanos, String traceparent) {
        if (!enabled || !sampled()) {
            return;
        }
        PredictionEvent event;
        try {
            event = PredictionEvent.of(response.model(), response.version(), request.id(), clock.instant(),
                    latencyNanos, request.parameters(), request.inputs(), response.outputs(), limits);
        } catch (RuntimeException e) {
            counters.dropped("cannot build the event: " + e);
            return;
        }
        sink.offer(event, traceparent);
    }

    private boolean sampled() {
        return sampleRate >= 1 || random.getAsDouble() < sampleRate;
    }
}
