package io.plumbline.monitor.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Plumbline-Signature}: {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes. */
public final class Signature {
    public static final String HEADER = "X-Plumbline-Signature";
    public static final String EVENT_ID_HEADER = "X-Plumbline-Event-Id";

    private Signature() {
    }

    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison, as receivers should do. */
    public static boolean verify(byte[] body, String secret, String header) {
        if (header == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(sign(body, secret).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
