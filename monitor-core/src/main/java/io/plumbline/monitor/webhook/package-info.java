/**
 * Retraining webhooks: on an alert, a signed JSON POST to every configured target that wants the model.
 * Delivery is asynchronous on the dispatcher's own threads with a bounded queue, retries 5xx, timeouts
 * and connection errors with exponential backoff and jitter within a bounded budget, never retries 4xx,
 * and counts every outcome in {@code webhook.deliveries}. Secrets are only ever used to sign: they are
 * not logged and not part of any {@code toString}.
 */
package io.plumbline.monitor.webhook;
