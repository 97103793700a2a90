package io.plumbline.serving.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** Checks gRPC client certificates against the newest reading of {@code plumbline.tls.client-ca}. */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private final TlsCertificateProvider provider;

    ReloadingTrustManager(TlsCertificateProvider provider) {
        this.provider = provider;
    }

    private X509ExtendedTrustManager delegate() throws CertificateException {
        X509ExtendedTrustManager tm = provider.current().trustManager();
        if (tm == null) {
            throw new CertificateException("no client CA configured (plumbline.tls.client-ca)");
        }
        return tm;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    /** A server never checks a server's certificate. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("server certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("server certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server certificates are not checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509ExtendedTrustManager tm = provider.current().trustManager();
        return tm == null ? new X509Certificate[0] : tm.getAcceptedIssuers();
    }
}
