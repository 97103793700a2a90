package io.plumbline.serving.inference;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.plumbline.model.InvalidNameException;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelNotFoundException;
import io.plumbline.model.engine.EngineException;
import io.plumbline.serving.batching.QueueFullException;
import io.plumbline.serving.stats.VersionStats;
import io.plumbline.serving.tracing.RequestTrace;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs validated requests on the engine, off the network threads, and records the outcome.
 * Failures come back as {@link InferenceException}s with a status; engine failures are logged
 * with the request id and reported without internal detail beyond the engine's message. A request
 * without an id is given a random UUID, so every answered prediction can be labelled later.
 */
public final class InferenceService {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    private static final int MAX_RESOLVE_ATTEMPTS = 16;

    private final ModelCatalog catalog;
    private final BatcherRegistry batchers;
    private final InferenceMetrics metrics;
    private final BooleanSupplier ready;
    private final List<PredictionListener> listeners;

    public InferenceService(ModelCatalog catalog, BatcherRegistry batchers, InferenceMetrics metrics,
            BooleanSupplier ready, List<PredictionListener> listeners) {
        this.catalog = catalog;
        this.batchers = batchers;
        this.metrics = metrics;
        this.ready = ready;
        this.listeners = List.copyOf(listeners);
    }

    /** The model version a request addresses, or an {@link InferenceException}. */
    public LoadedModel resolve(String model, String version) {
        try {
            return catalog.resolve(model, version);
        } catch (InvalidNameException e) {
            throw InferenceException.invalid(e.getMessage());
        } catch (ModelNotFoundException e) {
            if (!ready.getAsBoolean()) {
                throw new InferenceException(Status.UNAVAILABLE, "server is still loading models; retry shortly");
            }
            throw new InferenceException(Status.NOT_FOUND, e.getMessage());
        }
    }

    /**
     * Resolves the version and holds it for the request. A version retires only after the routing
     * stopped leading to it, so when the one found was retired in between, resolving again finds
     * its successor: a reload never fails a request.
     */
    private LoadedModel acquire(String model, String version) {
        for (int attempt = 0; attempt < MAX_RESOLVE_ATTEMPTS; attempt++) {
            LoadedModel m = resolve(model, version);
            if (m.acquire()) {
                return m;
            }
        }
        // Only when the model was reloaded MAX_RESOLVE_ATTEMPTS times during one request.
        throw new InferenceException(Status.UNAVAILABLE, "model '" + model + "' is reloading; retry");
    }

    /**
     * Answers one request, untraced. The future fails with an {@link InferenceException}.
     */
    public CompletableFuture<InferenceResponse> infer(String modelName, String version, RequestDecoder decoder,
            String protocol) {
        return infer(modelName, version, decoder, protocol, null, Function.identity());
    }

    /**
     * Answers one request: {@code answer} turns the response into what the caller sends (it encodes).
     * Metrics, prediction events and the end of the trace follow {@code answer}. The returned future may
     * already be complete: a short request for a model whose workers are idle runs on the calling thread
     * (see the batcher), and then {@code answer} and those side effects have run there too, before a
     * caller that only encodes in {@code answer} (REST) writes its response; a few microseconds
     * (an event handed to the sink), against the two thread hand-offs saved.
     *
     * @param trace the request's trace, null when tracing is off: its server span gets the model and
     *     version, the queue wait and batch spans below it, an encoding span around {@code answer},
     *     and is ended with the outcome
     * @return {@code answer}'s result; fails with an {@link InferenceException}, or with what
     *     {@code answer} threw
     */
    public <T> CompletableFuture<T> infer(String modelName, String version, RequestDecoder decoder,
            String protocol, RequestTrace trace, Function<InferenceResponse, T> answer) {
        long start = System.nanoTime();
        LoadedModel model;
        InferenceRequest request;
        RequestValidator.Validated valid;
        try {
            model = acquire(modelName, version);
        } catch (InferenceException e) {
            record(trace, InferenceMetrics.UNKNOWN, InferenceMetrics.UNKNOWN, protocol, e.status().outcome(),
                    System.nanoTime() - start);
            return CompletableFuture.failedFuture(e);
        }
        String versionLabel = model.versionLabel();
        if (trace != null) {
            trace.model(model.name(), versionLabel);
        }
        BatcherRegistry.Attached attached = batchers.get(model);
        VersionStats stats = attached == null ? null : attached.stats();
        try {
            if (attached == null) {
                // Cannot happen while the version is held (its batcher closes with it); kept as a guard.
                throw new InferenceException(Status.INTERNAL, "model '" + model.name() + "' version "
                        + versionLabel + " has no batcher");
            }
            request = decoder.decode();
            if (request.id().isEmpty()) {
                // Every prediction gets an id, returned in the response and carried by its event, so
                // that ground-truth feedback (POST .../feedback) can name it later.
                request = request.withId(UUID.randomUUID().toString());
            }
            if (trace != null) {
                trace.requestId(request.id());
            }
            valid = RequestValidator.validate(model.name(), model.signature(), request);
        } catch (InferenceException e) {
            model.release();
            long nanos = System.nanoTime() - start;
            if (stats != null) {
                stats.failed(nanos);
            }
            record(trace, model.name(), versionLabel, protocol, e.status().outcome(), nanos);
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            // A decoder or validator bug, not the client's fault: still a typed 500 that the
            // inference.requests timer counts as an error, not an exception escaping to the transport.
            model.release();
            LOG.error("Decoding a request for {} failed unexpectedly", model, e);
            long nanos = System.nanoTime() - start;
            stats.failed(nanos);
            record(trace, model.name(), versionLabel, protocol, Status.INTERNAL.outcome(), nanos);
            return CompletableFuture.failedFuture(new InferenceException(Status.INTERNAL,
                    "model '" + model.name() + "': internal error reading the request (see server log)", e));
        }
        InferenceRequest req = request;
        // Statistics are recorded in this stage, before the caller's (writing the answer) run: a client
        // that reads the statistics after its answer finds its request counted.
        CompletableFuture<InferenceResponse> result = attached.batcher().submit(valid.inputs(), valid.outputs(),
                        trace == null ? null : trace.span())
                .handle((outputs, failure) -> {
                    model.release();
                    if (failure == null) {
                        stats.succeeded(System.nanoTime() - start);
                        return new InferenceResponse(model.name(), versionLabel, req.id(), outputs,
                                List.copyOf(valid.binaryOutputs()));
                    }
                    stats.failed(System.nanoTime() - start);
                    throw failed(model, req, failure, trace);
                });
        CompletableFuture<T> answered = result.thenApply(response -> answer(response, answer, trace));
        // Registered on the answer, whether the request ran inline (all of this runs before infer returns)
        // or on a worker (the caller's stages, registered later, run first): either way after encoding.
        answered.whenComplete((sent, ignored) -> result.whenComplete((response, failure) -> {
            long nanos = System.nanoTime() - start;
            Throwable cause = InferenceException.unwrap(failure);
            Status status = cause == null ? null
                    : cause instanceof InferenceException ie ? ie.status() : Status.INTERNAL;
            String outcome = status == null ? "ok" : status.outcome();
            if (trace == null) {
                metrics.record(model.name(), versionLabel, protocol, outcome, nanos);
            } else {
                try (Scope traced = trace.makeCurrent()) {
                    metrics.record(model.name(), versionLabel, protocol, outcome, nanos);
                }
            }
            String traceparent = trace == null ? null : trace.traceparent();
            if (response != null) {
                for (PredictionListener l : listeners) {
                    try {
                        l.completed(model, req, response, nanos, traceparent);
                    } catch (RuntimeException e) {
                        // Monitoring must never turn an answered prediction into a failure.
                        LOG.warn("Prediction listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
                    }
                }
            }
            if (trace != null) {
                trace.end(outcome);
            }
        }));
        return answered;
    }

    private static <T> T answer(InferenceResponse response, Function<InferenceResponse, T> answer,
            RequestTrace trace) {
        if (trace == null) {
            return answer.apply(response);
        }
        Span encode = trace.encoding();
        try {
            return answer.apply(response);
        } finally {
            trace.encoded(encode);
        }
    }

    /** Records a request answered before it reached the batcher, and ends its span. */
    private void record(RequestTrace trace, String model, String version, String protocol, String outcome,
            long nanos) {
        if (trace == null) {
            metrics.record(model, version, protocol, outcome, nanos);
            return;
        }
        try (Scope traced = trace.makeCurrent()) {
            metrics.record(model, version, protocol, outcome, nanos);
        }
        trace.end(outcome);
    }

    private static InferenceException failed(LoadedModel model, InferenceRequest request, Throwable failure,
            RequestTrace trace) {
        // The trace id in the log line leads from the log to the trace (empty when tracing is off).
        String traceId = trace == null ? "" : " trace " + trace.traceId();
        Throwable cause = InferenceException.unwrap(failure);
        String what = "model '" + model.name() + "' version " + model.versionLabel();
        if (cause instanceof QueueFullException) {
            return new InferenceException(Status.RESOURCE_EXHAUSTED, cause.getMessage());
        }
        if (cause instanceof IllegalStateException) {
            return new InferenceException(Status.UNAVAILABLE, what + " is unloading; retry");
        }
        if (cause instanceof EngineException) {
            LOG.warn("Inference failed for {} request id '{}'{}: {}", model, Quoted.of(request.id()), traceId,
                    cause.getMessage());
            return new InferenceException(Status.INTERNAL, what + " failed: " + cause.getMessage(), cause);
        }
        LOG.error("Inference crashed for {} request id '{}'{}", model, Quoted.of(request.id()), traceId, cause);
        return new InferenceException(Status.INTERNAL, what + " failed: internal error (see server log)", cause);
    }
}
