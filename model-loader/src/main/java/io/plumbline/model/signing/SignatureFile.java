package io.plumbline.model.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The format of {@code SHA256SUMS.sig}: one signature over the exact bytes of SHA256SUMS per
 * line, in base64 (what {@code sign} writes). ECDSA signatures are DER (as
 * {@code openssl dgst -sha256 -sign} writes), Ed25519 signatures the 64 bytes of RFC 8032 (as
 * {@code openssl pkeyutl -sign -rawin} writes). Several lines let a version carry the old and the
 * new key's signatures while keys rotate. A file that is not base64 text is taken as one raw
 * binary signature, so OpenSSL's output can be used as it is.
 */
final class SignatureFile {
    static final String FILE_NAME = "SHA256SUMS.sig";
    /** Far above any signature here; a larger file is refused before it is decoded. */
    static final int MAX_BYTES = 64 * 1024;

    private SignatureFile() {
    }

    static List<byte[]> decode(byte[] content) {
        if (!isBase64Text(content)) {
            return List.of(content);
        }
        List<byte[]> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.US_ASCII).split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                try {
                    out.add(Base64.getDecoder().decode(s));
                } catch (IllegalArgumentException e) {
                    // A line that is not whole base64 is a signature that cannot verify: skip it.
                }
            }
        }
        return out;
    }

    static String encode(byte[] signature) {
        return Base64.getEncoder().encodeToString(signature) + "\n";
    }

    private static boolean isBase64Text(byte[] content) {
        for (byte b : content) {
            boolean ok = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '+' || b == '/' || b == '=' || b == '\n' || b == '\r' || b == ' ' || b == '\t';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
