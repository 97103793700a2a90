package io.plumbline.serving.security;

import java.util.Locale;

/** Why a request was refused: the {@code reason} tag of {@code auth.failures}. */
enum Reason {
    /** No credentials (401). */
    MISSING,
    /** Unknown key, bad signature, wrong issuer or audience, unknown certificate subject (401). */
    INVALID,
    /** A JWT past its {@code exp} (401). */
    EXPIRED,
    /** Known caller, no scope for this API or model (403). */
    FORBIDDEN,
    /** Over the key's rate (429). */
    RATE_LIMITED,
    /** The repository API is turned off (403 for everyone). */
    DISABLED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** 401-class: the caller is not known, as opposed to known and refused. */
    boolean unauthenticated() {
        return this == MISSING || this == INVALID || this == EXPIRED;
    }
}
