package io.gitops4j.testkit.server;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTPS for a fake API server: a {@link CertificateAuthority} of its own, a server certificate it issued, and the
 * client-certificate authentication of a Kubernetes API server. The handshake asks for a client certificate without
 * insisting, and accepts any; whether the certificate is valid (signed by this CA, in its validity period, with a
 * CN) is decided afterwards, per connection, so that a request with a missing or foreign certificate is answered
 * {@code 401 Unauthorized} as a real server answers it, instead of failing the handshake.
 *
 * <p>Thread-safe (immutable).
 */
public final class ServerTls {
    private final CertificateAuthority authority;
    private final boolean clientCertificatesRequired;
    private final SSLContext context;

    private ServerTls(CertificateAuthority authority, boolean clientCertificatesRequired, SSLContext context) {
        this.authority = authority;
        this.clientCertificatesRequired = clientCertificatesRequired;
        this.context = context;
    }

    /**
     * A fresh CA and a server certificate for 127.0.0.1 and localhost.
     *
     * @param clientCertificatesRequired true: a request without a valid client certificate is answered 401 (as with
     *                                   anonymous authentication turned off); false: it is served as the
     *                                   administrator's, as over plain HTTP
     */
    public static ServerTls create(boolean clientCertificatesRequired) {
        CertificateAuthority ca = CertificateAuthority.create("gitops4j-fake-ca");
        CertificateAuthority.Issued server = ca.issueServer();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", server.key(), password,
                    new Certificate[] {server.certificate(), ca.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClient(ca.certificate())}, null);
            return new ServerTls(ca, clientCertificatesRequired, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for the fake API server", e);
        }
    }

    /** The CA that signed the server's certificate and that client certificates must be signed by. */
    public CertificateAuthority authority() {
        return authority;
    }

    /** Whether a request needs a valid client certificate. */
    public boolean clientCertificatesRequired() {
        return clientCertificatesRequired;
    }

    /** An unbound server socket that asks clients for a certificate. */
    SSLServerSocket newServerSocket() throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setWantClientAuth(true);
        return socket;
    }

    /** Who the client certificate of a handshaken connection names; empty without a valid one. */
    Optional<CertificateAuthority.Subject> identify(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? authority.verify(leaf)
                    : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // no certificate sent
        }
    }

    /** Takes every client certificate at the handshake; {@link #identify} judges it. Never used for servers. */
    private static final class AnyClient extends X509ExtendedTrustManager {
        private final X509Certificate ca;

        AnyClient(X509Certificate ca) {
            this.ca = ca;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws
                java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server socket trusts no servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws
                java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws
                java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca}; // the CA clients pick their certificate by
        }
    }
}
