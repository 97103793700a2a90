package io.plumbline.serving.batching;

import io.opentelemetry.api.trace.Span;
import io.plumbline.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One queued request: validated inputs, the outputs it wants, its row count, and the future its
 * caller waits on. {@code shapeKey} holds the non-batch dimensions of every input: only jobs with
 * equal keys can be concatenated. {@code traceSpan} and {@code queueSpan} are null unless the request
 * is traced (see {@link BatchSpans}).
 */
final class Job {
    final Map<String, Tensor> inputs;
    final List<String> outputs;
    final int rows;
    final long enqueuedNanos;
    final String shapeKey;
    final CompletableFuture<List<Tensor>> result = new CompletableFuture<>();
    final Span traceSpan;
    final Span queueSpan;

    Job(Map<String, Tensor> inputs, List<String> outputs, int rows, long enqueuedNanos, Span traceSpan,
            Span queueSpan) {
        this.traceSpan = traceSpan;
        this.queueSpan = queueSpan;
        this.inputs = inputs;
        this.outputs = outputs;
        this.rows = rows;
        this.enqueuedNanos = enqueuedNanos;
        StringBuilder key = new StringBuilder();
        inputs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long[] s = e.getValue().shape();
            key.append(e.getKey()).append(Arrays.toString(Arrays.copyOfRange(s, Math.min(1, s.length), s.length)))
                    .append(';');
        });
        this.shapeKey = key.toString();
    }
}
