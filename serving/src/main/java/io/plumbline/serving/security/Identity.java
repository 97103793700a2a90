package io.plumbline.serving.security;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A caller the policy knows: a key-file entry, a verified JWT or a client-certificate subject.
 *
 * @param name what logs say (the entry's name or the token's subject), never a secret
 * @param scopes what it may call
 * @param rate its request rate, or null for none
 */
record Identity(String name, List<Scope> scopes, RateLimit rate) {
    /** The caller when authentication is off, or on an API open without credentials. */
    static final Identity ANONYMOUS = new Identity("anonymous", List.of(), null);

    Identity {
        scopes = List.copyOf(scopes);
    }

    boolean allows(Api api, String model) {
        for (Scope s : scopes) {
            if (s.covers(api, model)) {
                return true;
            }
        }
        return false;
    }

    String scopeList() {
        return scopes.isEmpty() ? "none" : scopes.stream().map(Scope::toString).collect(Collectors.joining(", "));
    }
}
