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
        this.shapeKey = shapeKey(inputs);
    }

    /** {@code name[d1, d2, ...];} per input, by name. Loops, not streams: this runs for every request. */
    private static String shapeKey(Map<String, Tensor> inputs) {
        String[] names = inputs.keySet().toArray(new String[0]);
        if (names.length > 1) {
            Arrays.sort(names);
        }
        StringBuilder key = new StringBuilder();
        for (String name : names) {
            long[] s = inputs.get(name).shape();
            key.append(name).append('[');
            for (int i = 1; i < s.length; i++) {
                key.append(i == 1 ? "" : ", ").append(s[i]);
            }
            key.append("];");
        }
        return key.toString();
    }
}
