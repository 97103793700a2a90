package io.plumbline.serving.security;

import javax.security.auth.x500.X500Principal;

/**
 * What a request presents, as read by either protocol.
 *
 * @param authorization the {@code Authorization} header (REST) or {@code authorization} metadata
 *     (gRPC), or null
 * @param subject the subject of a client certificate the TLS handshake verified, or null
 */
record Credentials(String authorization, X500Principal subject) {
    static final Credentials NONE = new Credentials(null, null);
}
