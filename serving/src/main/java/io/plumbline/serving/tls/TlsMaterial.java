package io.plumbline.serving.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One consistent reading of the TLS files: the key store (and the trust store for client
 * certificates, null without one), with the JDK managers built from them once.
 *
 * @param generation counts readings, so a handshake that chose a key before a reload still gets
 *     that key's certificate after it (see {@link ReloadingKeyManager})
 */
record TlsMaterial(long generation, KeyStore keyStore, KeyStore trustStore, X509ExtendedKeyManager keyManager,
        X509ExtendedTrustManager trustManager, X509Certificate certificate) {

    static TlsMaterial of(long generation, KeyStore keyStore, KeyStore trustStore) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, null);
        X509ExtendedKeyManager km = null;
        for (KeyManager m : kmf.getKeyManagers()) {
            if (m instanceof X509ExtendedKeyManager x) {
                km = x;
            }
        }
        X509ExtendedTrustManager tm = null;
        if (trustStore != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            for (TrustManager m : tmf.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    tm = x;
                }
            }
        }
        if (km == null || trustStore != null && tm == null) {
            throw new GeneralSecurityException("the JDK offers no X.509 key or trust manager");
        }
        return new TlsMaterial(generation, keyStore, trustStore, km, tm,
                (X509Certificate) keyStore.getCertificate(PemMaterial.ALIAS));
    }
}
