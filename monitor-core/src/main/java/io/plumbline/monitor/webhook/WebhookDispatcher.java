package io.plumbline.monitor.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.monitor.result.DriftJson;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to webhook targets without ever blocking the caller: {@link #dispatch} builds the signed
 * payload and schedules one delivery per interested target on the dispatcher's own threads. Attempts
 * that fail with 5xx, a timeout or a connection error are rescheduled after {@link RetryPolicy#backoff}
 * (scheduled, not slept, so a slow receiver does not hold a thread); 4xx and 3xx are final. Deliveries in
 * flight or backing off are bounded by {@link RetryPolicy#queueCapacity()}; beyond it new ones are
 * dropped and counted. Logs name the target by {@link WebhookTarget#safeUrl()} and never the secret.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final List<WebhookTarget> targets;
    private final RetryPolicy policy;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final DriftJson json = new DriftJson();
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<DeliveryOutcome, Counter> outcomes = new EnumMap<>(DeliveryOutcome.class);

    public WebhookDispatcher(List<WebhookTarget> targets, RetryPolicy policy, MeterRegistry registry,
            RandomGenerator random) {
        this.targets = List.copyOf(targets);
        this.policy = policy;
        this.random = random;
        this.client = HttpClient.newBuilder().connectTimeout(policy.timeout()).build();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "plumbline-webhooks");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        for (DeliveryOutcome o : DeliveryOutcome.values()) {
            outcomes.put(o, Counter.builder("webhook.deliveries").tag("outcome", o.tag())
                    .description("Retraining webhook delivery attempts and results, by outcome").register(registry));
        }
        if (!this.targets.isEmpty()) {
            LOG.info("retraining webhooks: {}", this.targets);
        }
    }

    /** Queues the alert for every target that wants its model; returns at once. */
    public void dispatch(DriftAlert alert) {
        dispatch(alert.window().model(), WebhookPayload.of(alert, json), () -> { });
    }

    /** The payload of an alert, as {@link #dispatch(DriftAlert)} would send it. */
    public WebhookPayload payload(DriftAlert alert) {
        return WebhookPayload.of(alert, json);
    }

    /** The payload of a performance alert. */
    public WebhookPayload payload(PerformanceAlert alert) {
        return WebhookPayload.of(alert, json);
    }

    /**
     * Queues {@code payload} for every target that wants {@code model}; returns at once. {@code whenFinal}
     * runs once every one of those deliveries has a final outcome (delivered, rejected, failed or
     * dropped), at once when no target wants the model; it does not run for deliveries abandoned by
     * {@link #close()}, so a caller that keeps undelivered alerts sends them again after a restart.
     */
    public void dispatch(String model, WebhookPayload payload, Runnable whenFinal) {
        List<WebhookTarget> wanting = targets.stream().filter(t -> t.wants(model)).toList();
        Completion completion = new Completion(wanting.size(), whenFinal);
        for (WebhookTarget target : wanting) {
            if (pending.incrementAndGet() > policy.queueCapacity()) {
                pending.decrementAndGet();
                finish(DeliveryOutcome.DROPPED, target, payload, "the webhook queue is full");
                completion.one();
                continue;
            }
            schedule(new Delivery(target, payload, sign(target, payload), completion), 0);
        }
    }

    public double count(DeliveryOutcome outcome) {
        return outcomes.get(outcome).count();
    }

    /** Deliveries queued, in flight or backing off. */
    public int pending() {
        return pending.get();
    }

    private record Delivery(WebhookTarget target, WebhookPayload payload, HttpRequest request, Completion completion) {
    }

    /** Counts the deliveries of one payload down to its final outcome. */
    private static final class Completion {
        private final AtomicInteger left;
        private final Runnable whenFinal;

        Completion(int deliveries, Runnable whenFinal) {
            this.left = new AtomicInteger(deliveries);
            this.whenFinal = whenFinal;
            if (deliveries == 0) {
                whenFinal.run();
            }
        }

        void one() {
            if (left.decrementAndGet() == 0) {
                whenFinal.run();
            }
        }
    }

    private HttpRequest sign(WebhookTarget target, WebhookPayload payload) {
        return HttpRequest.newBuilder(target.url())
                .timeout(policy.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "plumbline-monitor")
                .header(Signature.EVENT_ID_HEADER, payload.eventId())
                .header(Signature.HEADER, Signature.sign(payload.body(), target.secret()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body()))
                .build();
    }

    private void schedule(Delivery d, int attempt) {
        long delay = attempt == 0 ? 0 : policy.backoff(attempt, random).toMillis();
        try {
            scheduler.schedule(() -> attempt(d, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            finish(DeliveryOutcome.DROPPED, d.target(), d.payload(), "the dispatcher is shut down");
        }
    }

    private void attempt(Delivery d, int attempt) {
        String failure;
        try {
            HttpResponse<Void> response = client.send(d.request(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                pending.decrementAndGet();
                finish(DeliveryOutcome.DELIVERED, d.target(), d.payload(), null);
                d.completion().one();
                return;
            }
            if (status < 500) {
                pending.decrementAndGet();
                finish(DeliveryOutcome.REJECTED, d.target(), d.payload(), "HTTP " + status);
                d.completion().one();
                return;
            }
            failure = "HTTP " + status;
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            finish(DeliveryOutcome.FAILED, d.target(), d.payload(), "interrupted at shutdown");
            return;
        }
        if (attempt >= policy.maxAttempts()) {
            pending.decrementAndGet();
            finish(DeliveryOutcome.FAILED, d.target(), d.payload(), failure + " after " + attempt + " attempts");
            d.completion().one();
            return;
        }
        outcomes.get(DeliveryOutcome.RETRIED).increment();
        LOG.debug("webhook {} event {} attempt {} failed ({}); retrying", d.target().safeUrl(), d.payload().eventId(),
                attempt, failure);
        schedule(d, attempt);
    }

    private void finish(DeliveryOutcome outcome, WebhookTarget target, WebhookPayload payload, String why) {
        outcomes.get(outcome).increment();
        if (outcome == DeliveryOutcome.DELIVERED) {
            LOG.info("webhook {} got drift alert {}", target.safeUrl(), payload.eventId());
        } else {
            LOG.warn("webhook {} did not take drift alert {}: {} ({})", target.safeUrl(), payload.eventId(),
                    outcome.tag(), why);
        }
    }

    /** Stops taking work; deliveries still backing off are abandoned (their alerts fire again next time). */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
