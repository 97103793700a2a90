package io.plumbline.monitor.page;

import java.util.Optional;

/**
 * Where drift is computed when it is not in this process. An application that serves the live page but
 * runs no monitor (serving whose events go to Kafka, or nowhere) provides one, so that {@code GET /drift}
 * names the monitor service's page instead of waiting for a window that will never close here.
 */
public interface DriftElsewhere {
    /** A sentence or two for the page; empty when the monitor runs in this process. */
    Optional<String> note();
}
