package io.gitops4j.testkit;

import java.util.List;
import java.util.Objects;

/**
 * HTTPS settings of a {@link FakeApiServer} ({@link FakeApiServer.Builder#tls}). The server makes up a certificate
 * authority of its own when it starts (ECDSA P-256, generated in memory with BouncyCastle) and serves a certificate
 * it signed for {@code 127.0.0.1} and {@code localhost}; the kubeconfig it writes carries that CA as
 * {@code certificate-authority-data}.
 *
 * <p>With {@link #withClientCertificates client certificates} on, the server authenticates requests as a Kubernetes
 * API server does with client certificates and anonymous authentication turned off: a request whose connection
 * presented no certificate signed by the server's CA is answered {@code 401 Unauthorized}; otherwise the user is the
 * certificate's CN and the groups its O entries. The kubeconfig's user then carries {@code client-certificate-data}
 * and {@code client-key-data} for {@link #user()} in {@link #groups()}. A user in {@code system:masters} (the default)
 * may do everything; any other is authorized by the RBAC objects stored in the fake, as impersonated users are.
 * Without client certificates, requests are served as over plain HTTP (the administrator's).
 *
 * @param clientCertificates whether requests must carry a client certificate signed by the server's CA
 * @param user               the CN of the kubeconfig's client certificate
 * @param groups             its O entries
 */
public record ApiServerTls(boolean clientCertificates, String user, List<String> groups) {
    /** The user of the kubeconfig's client certificate unless {@link #withUser} says otherwise. */
    public static final String DEFAULT_USER = "gitops4j-fake-admin";
    /** The group of the default user: allowed everything, as on a real cluster. */
    public static final String MASTERS = "system:masters";

    public ApiServerTls {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        groups = List.copyOf(groups);
    }

    /** HTTPS with the server's certificate only; requests need no client certificate. */
    public static ApiServerTls defaults() {
        return new ApiServerTls(false, DEFAULT_USER, List.of(MASTERS));
    }

    /** Whether requests must carry a client certificate signed by the server's CA (401 without one). */
    public ApiServerTls withClientCertificates(boolean value) {
        return new ApiServerTls(value, user, groups);
    }

    /** The CN and O entries of the client certificate in the kubeconfig the server writes. */
    public ApiServerTls withUser(String value, List<String> groupsOfUser) {
        return new ApiServerTls(clientCertificates, value, groupsOfUser);
    }
}
