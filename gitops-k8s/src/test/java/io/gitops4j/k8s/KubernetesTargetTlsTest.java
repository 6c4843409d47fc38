package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static io.gitops4j.k8s.Fixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.testkit.ApiServerTls;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.server.CertificateAuthority;
import io.gitops4j.testkit.server.KubeconfigWriter;
import io.gitops4j.k8s.internal.Connection;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connecting over TLS, as to every real cluster: the kubeconfig's CA verifies the server, its client certificate
 * authenticates (the fake records the certificate's CN as the user), {@code insecure-skip-tls-verify} is honoured,
 * and a server the CA did not sign is refused with a clear error that names no path and no secret. In-cluster
 * configuration (the ServiceAccount's token and ca.crt) is pointed at files of the test's own.
 */
class KubernetesTargetTlsTest {
    @TempDir
    Path dir;

    private static FakeApiServer mutualTls() {
        return FakeApiServer.builder().tls(ApiServerTls.defaults().withClientCertificates(true)).start();
    }

    private static List<ObjectResult> applyConfigMap(KubernetesTarget target) {
        return target.applyAll(List.of(ApplyRequest.of(configMap("default", "settings", Map.of("a", "1")))),
                ApplyOptions.defaults(), context());
    }

    @Test
    void aKubeconfigClientCertificateAuthenticatesAndIsTheUser() {
        try (FakeApiServer server = mutualTls();
             KubernetesTarget target = KubernetesTarget.builder().kubeconfig(server.kubeconfig()).build()) {
            assertThat(applyConfigMap(target)).singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));

            assertThat(server.requests().records(r -> r.verb().equals("patch"))).isNotEmpty();
            assertThat(server.requests().records(r -> true)).allSatisfy(r -> {
                assertThat(r.user()).isEqualTo(ApiServerTls.DEFAULT_USER);
                assertThat(r.status()).isNotEqualTo(401);
            });
        }
    }

    @Test
    void aCertificateUserOutsideSystemMastersIsSubjectToRbac() {
        try (FakeApiServer server = mutualTls()) {
            Path config = server.writeKubeconfig(dir.resolve("viewer"), "viewer", List.of("viewers"));
            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(config).build()) {
                assertThat(applyConfigMap(target)).singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(ObjectOutcome.FAILED);
                    assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.FORBIDDEN);
                    assertThat(r.failure().orElseThrow().message()).contains("User \"viewer\"");
                });
            }
        }
    }

    @Test
    void da22AServerTheKubeconfigsCaDidNotSignIsRefusedClearly() throws Exception {
        try (FakeApiServer server = mutualTls()) {
            String kubeconfig = Files.readString(server.kubeconfig());
            String foreignCa = Base64.getEncoder().encodeToString(
                    CertificateAuthority.create("elsewhere").certificatePem().getBytes());
            Path file = Files.writeString(dir.resolve("acme-config"), kubeconfig.replaceFirst(
                    "certificate-authority-data: \\S+", "certificate-authority-data: " + foreignCa));
            String clientKey = kubeconfig.replaceFirst("(?s).*client-key-data: (\\S+).*", "$1");

            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(file)
                    .retries(RetryOptions.defaults().withMaxAttempts(1)).build()) {
                assertThatThrownBy(() -> target.view().serverVersion())
                        .isInstanceOfSatisfying(TargetException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                            assertThat(e.getMessage())
                                    .contains("the API server's certificate is not trusted")
                                    .doesNotContain(dir.toString(), clientKey, new String(
                                            Base64.getDecoder().decode(clientKey)).lines().skip(1).findFirst()
                                            .orElseThrow());
                        });
            }
            assertThat(server.requests().total()).as("nothing was sent").isZero();
        }
    }

    @Test
    void insecureSkipTlsVerifyIsHonoured() throws Exception {
        try (FakeApiServer server = mutualTls()) {
            Path file = Files.writeString(dir.resolve("insecure"), Files.readString(server.kubeconfig())
                    .replaceFirst("certificate-authority-data: \\S+", "insecure-skip-tls-verify: true"));
            assertThat(Files.readString(file)).doesNotContain("certificate-authority");

            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(file).build()) {
                assertThat(target.view().serverVersion().orElseThrow().minor()).isEqualTo(33);
            }
            assertThat(server.requests().records(r -> r.path().equals("/version"))).singleElement()
                    .satisfies(r -> assertThat(r.user()).isEqualTo(ApiServerTls.DEFAULT_USER));
        }
    }

    @Test
    void da22WithoutTheCaNorInsecureSkipTheServerIsNotTrusted() throws Exception {
        try (FakeApiServer server = mutualTls()) {
            Path file = Files.writeString(dir.resolve("no-ca"), Files.readString(server.kubeconfig())
                    .replaceFirst("\\s+certificate-authority-data: \\S+", ""));

            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(file)
                    .retries(RetryOptions.defaults().withMaxAttempts(1)).build()) {
                assertThatThrownBy(() -> target.view().serverVersion()).isInstanceOfSatisfying(TargetException.class,
                        e -> assertThat(e.getMessage()).contains("the API server's certificate is not trusted"));
            }
        }
    }

    private Path serviceAccount(String caPem, String token) throws Exception {
        Path sa = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.writeString(sa.resolve("ca.crt"), caPem);
        Files.writeString(sa.resolve("token"), token);
        Files.writeString(sa.resolve("namespace"), "gitops");
        return sa;
    }

    private static Map<String, String> serviceEnvironment(int port) {
        return Map.of(Connection.HOST_VARIABLE, "127.0.0.1", Connection.PORT_VARIABLE, String.valueOf(port));
    }

    @Test
    void inClusterConfigurationVerifiesTheServerWithTheMountedCa() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder().tls(ApiServerTls.defaults()).start()) {
            Path sa = serviceAccount(server.certificateAuthority().orElseThrow(), "sa-t0ken");

            try (KubernetesTarget target = KubernetesTarget.builder()
                    .inCluster(serviceEnvironment(server.port()), sa).build()) {
                assertThat(applyConfigMap(target)).singleElement()
                        .satisfies(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));
            }
        }
    }

    @Test
    void inClusterConfigurationSendsTheMountedTokenOverTls() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("cluster-ca");
        try (SSLServerSocket socket = tlsSocket(ca.issueServer())) {
            CompletableFuture<List<String>> headers = CompletableFuture.supplyAsync(
                    () -> KubernetesTargetConnectionTest.answerVersion(socket));
            Path sa = serviceAccount(ca.certificatePem(), "pr0jected-t0ken\n");

            try (KubernetesTarget target = KubernetesTarget.builder()
                    .inCluster(serviceEnvironment(socket.getLocalPort()), sa).build()) {
                assertThat(target.view().serverVersion().orElseThrow().majorMinor()).isEqualTo("1.30");
            }

            assertThat(headers.get(20, TimeUnit.SECONDS)).first().asString().startsWith("GET /version ");
            assertThat(headers.get()).anySatisfy(h ->
                    assertThat(h).isEqualToIgnoringCase("Authorization: Bearer pr0jected-t0ken"));
        }
    }

    @Test
    void da22InClusterWithAnotherCaIsRefusedWithoutPathOrToken() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder().tls(ApiServerTls.defaults()).start()) {
            Path sa = serviceAccount(CertificateAuthority.create("elsewhere").certificatePem(), "sa-t0ken");

            try (KubernetesTarget target = KubernetesTarget.builder()
                    .inCluster(serviceEnvironment(server.port()), sa)
                    .retries(RetryOptions.defaults().withMaxAttempts(1)).build()) {
                assertThatThrownBy(() -> target.view().serverVersion()).isInstanceOfSatisfying(TargetException.class,
                        e -> assertThat(e.getMessage()).contains("the API server's certificate is not trusted")
                                .doesNotContain(dir.toString(), "sa-t0ken"));
            }
            assertThat(server.requests().total()).isZero();
        }
        Path noToken = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> KubernetesTarget.builder().inCluster(serviceEnvironment(443), noToken).build())
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID);
                    assertThat(e.getMessage()).isEqualTo(
                            "in-cluster configuration: not available (the ServiceAccount token cannot be read)");
                });
    }

    private static SSLServerSocket tlsSocket(CertificateAuthority.Issued cert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", cert.key(), new char[0], new Certificate[] {cert.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
    }
}
