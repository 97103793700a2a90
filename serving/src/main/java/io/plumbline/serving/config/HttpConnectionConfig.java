package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.config.Require;
import java.time.Duration;

/**
 * {@code plumbline.http.*}: what one HTTP connection may hold of the server while it sends slowly or
 * not at all (see serving/SHUTDOWN.md, "Slow clients"). Micronaut's idle timeout ends only a
 * connection on which nothing moves; these bound a client that trickles bytes.
 *
 * @param headerTimeout time from a connection's first byte, or a new request's first byte, to the
 *     end of the request's headers; 0 turns it off
 * @param bodyTimeout time for a request body to arrive once its headers have, before {@code bodyMinRate}
 *     extends it; 0 turns the body deadline off
 * @param bodyMinRate bytes per second that earn a body more time: each byte received extends the
 *     deadline by 1/rate seconds (Apache's mod_reqtimeout rule), so a large upload at a fair rate is never
 *     cut while a trickle is; 0 gives every body exactly {@code bodyTimeout}
 * @param maxConnections open HTTP connections at once; the next one is answered 503 and closed
 * @param directInfer true: plain HTTP/1.1 infer calls are answered by the direct route below
 *     Micronaut's router (serving/HTTP.md); false: every call takes
 *     Micronaut's route, as a way back should the direct one misbehave
 */
@Context // bound at start-up, so a bad value stops the start
@ConfigurationProperties(HttpConnectionConfig.PREFIX)
public record HttpConnectionConfig(
        @Bindable(defaultValue = "10s") Duration headerTimeout,
        @Bindable(defaultValue = "20s") Duration bodyTimeout,
        @Bindable(defaultValue = "500") long bodyMinRate,
        @Bindable(defaultValue = "1000") int maxConnections,
        @Bindable(defaultValue = "true") boolean directInfer) {
    public static final String PREFIX = "plumbline.http";

    public HttpConnectionConfig {
        Require.notNegative(PREFIX + ".header-timeout", headerTimeout, "10s");
        Require.notNegative(PREFIX + ".body-timeout", bodyTimeout, "20s");
        Require.atLeast(PREFIX + ".body-min-rate", bodyMinRate, 0, "500");
        Require.atLeast(PREFIX + ".max-connections", maxConnections, 1, "1000");
    }
}
