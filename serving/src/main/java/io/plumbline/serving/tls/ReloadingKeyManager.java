package io.plumbline.serving.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server key for the gRPC server's handshakes, always from the newest reading of the files.
 * The alias handed out carries the reading's generation, so the chain and key looked up after the
 * alias was chosen come from the same reading even if the files were reloaded in between.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private final TlsCertificateProvider provider;

    ReloadingKeyManager(TlsCertificateProvider provider) {
        this.provider = provider;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        TlsMaterial m = provider.current();
        return tag(m, m.keyManager().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        TlsMaterial m = provider.current();
        return tag(m, m.keyManager().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        TlsMaterial m = provider.current();
        String[] aliases = m.keyManager().getServerAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] out = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            out[i] = tag(m, aliases[i]);
        }
        return out;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return alias == null ? null : material(alias).keyManager().getCertificateChain(untag(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return alias == null ? null : material(alias).keyManager().getPrivateKey(untag(alias));
    }

    /** A server never acts as a client here. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private static String tag(TlsMaterial m, String alias) {
        return alias == null ? null : m.generation() + ":" + alias;
    }

    private TlsMaterial material(String alias) {
        int colon = alias.indexOf(':');
        try {
            return provider.generation(Long.parseLong(alias.substring(0, Math.max(colon, 0))));
        } catch (NumberFormatException e) {
            return provider.current();
        }
    }

    private static String untag(String alias) {
        return alias.substring(alias.indexOf(':') + 1);
    }
}
