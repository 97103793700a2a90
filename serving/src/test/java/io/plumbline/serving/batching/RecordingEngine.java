package io.plumbline.serving.batching;

import io.plumbline.model.ModelSignature;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a real engine: records the rows of every call, can hold the first call until released
 * (so the test controls what is queued when a batch forms), and fails any call whose input holds
 * a NaN (a "poison" request).
 */
final class RecordingEngine implements Engine {
    private final Engine delegate;
    private final CountDownLatch release;
    private final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final List<Integer> callRows = new CopyOnWriteArrayList<>();

    RecordingEngine(Engine delegate, boolean holdFirstCall) {
        this.delegate = delegate;
        this.release = new CountDownLatch(holdFirstCall ? 1 : 0);
    }

    void awaitFirstCall() throws InterruptedException {
        if (!firstCallStarted.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the batcher never called the engine");
        }
    }

    void release() {
        release.countDown();
    }

    @Override
    public ModelSignature signature() {
        return delegate.signature();
    }

    @Override
    public List<Tensor> run(Map<String, Tensor> inputs, List<String> outputs) throws EngineException {
        Tensor x = inputs.values().iterator().next();
        callRows.add((int) x.dim(0));
        firstCallStarted.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("engine held for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < x.elementCount(); i++) {
            if (Double.isNaN(x.asDouble(i))) {
                throw new EngineException("poison value at element " + i, null);
            }
        }
        return delegate.run(inputs, outputs);
    }

    @Override
    public String device() {
        return delegate.device();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
