package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.ApiServerTls;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FakeApiServer} over HTTPS ({@link ApiServerTls}), driven by the official Java client reading the kubeconfig
 * the server writes: the server's certificate, client certificates as a real API server reads them (CN the user, O
 * the groups), 401 without one, and RBAC for a user outside {@code system:masters}.
 */
class FakeApiServerTlsTest {
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final Function<FakeKube, ResourceType> CONFIG_MAPS = k -> k.type("", "v1", "configmaps");

    @TempDir
    Path dir;

    private static ApiClient client(Path kubeconfig) throws Exception {
        try (Reader r = Files.newBufferedReader(kubeconfig)) {
            return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
        }
    }

    private static SSLContext trusting(String caPem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static V1ConfigMap configMap(String name) {
        return new V1ConfigMap().metadata(new V1ObjectMeta().name(name)).data(Map.of("k", "v"));
    }

    @Test
    void servesHttpsWithACertificateItsOwnCaSignedFor127001AndLocalhost() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder().tls(ApiServerTls.defaults()).start()) {
            assertThat(server.url()).startsWith("https://127.0.0.1:");
            String kubeconfig = Files.readString(server.kubeconfig());
            assertThat(kubeconfig).contains("certificate-authority-data: ").doesNotContain("client-key-data");

            new CoreV1Api(client(server.kubeconfig())).createNamespacedConfigMap("default", configMap("a")).execute();
            assertThat(server.kube().get(CONFIG_MAPS.apply(server.kube()), "default", "a")).isNotEmpty();
            assertThat(server.requests().records(r -> r.verb().equals("create")))
                    .singleElement().satisfies(r -> assertThat(r.user()).as("no client certificate").isEmpty());

            SSLContext trusting = trusting(server.certificateAuthority().orElseThrow());
            for (String host : List.of("127.0.0.1", "localhost")) {
                try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket(host, server.port())) {
                    SSLParameters p = socket.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS"); // the host name checked as a browser checks it
                    socket.setSSLParameters(p);
                    socket.startHandshake();
                    X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    assertThat(served.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
                            .containsExactlyInAnyOrder("127.0.0.1", "localhost");
                }
            }
        }
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder().tls(ApiServerTls.defaults()).start()) {
            Path foreign = KubeconfigWriter.write(dir.resolve("foreign"), server.url(),
                    CertificateAuthority.create("elsewhere").certificatePem(), null);

            assertThatThrownBy(() -> new CoreV1Api(client(foreign)).listNamespace().execute())
                    .isInstanceOf(ApiException.class).hasRootCauseInstanceOf(
                            java.security.cert.CertPathBuilderException.class);
            assertThat(server.requests().total()).as("nothing reached the handler").isZero();
        }
    }

    @Test
    void aClientCertificateIsTheUserAndAMissingOneIs401() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder()
                .tls(ApiServerTls.defaults().withClientCertificates(true)).start()) {
            assertThat(Files.readString(server.kubeconfig()))
                    .contains("client-certificate-data: ", "client-key-data: ");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.kubeconfig())))
                    .isEqualTo("rw-------");

            new CoreV1Api(client(server.kubeconfig())).createNamespacedConfigMap("default", configMap("a")).execute();
            assertThat(server.requests().records(r -> r.verb().equals("create"))).singleElement()
                    .satisfies(r -> assertThat(r.user()).isEqualTo(ApiServerTls.DEFAULT_USER));
            assertThat(server.requests().toJson()).contains("\"user\":\"" + ApiServerTls.DEFAULT_USER + "\"");

            ApiClient anonymous = ClientBuilder.standard(false).setBasePath(server.url())
                    .setCertificateAuthority(server.certificateAuthority().orElseThrow()
                            .getBytes(StandardCharsets.US_ASCII)).build();
            assertThatThrownBy(() -> new CoreV1Api(anonymous).listNamespace().execute())
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(401);
                        assertThat(e.getResponseBody()).contains("\"reason\":\"Unauthorized\"");
                    });

            CertificateAuthority other = CertificateAuthority.create("elsewhere");
            Path foreign = KubeconfigWriter.write(dir.resolve("foreign-client"), server.url(),
                    server.certificateAuthority().orElseThrow(),
                    other.issueClient(new CertificateAuthority.Subject("mallory", List.of(ApiServerTls.MASTERS))));
            assertThatThrownBy(() -> new CoreV1Api(client(foreign)).listNamespace().execute())
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
            assertThat(server.kube().list(CONFIG_MAPS.apply(server.kube()), "", ListOptions.defaults()).items())
                    .as("only the ConfigMap the certificate user created").hasSize(1);
        }
    }

    @Test
    void aUserOutsideSystemMastersIsAuthorizedByRbac() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder()
                .tls(ApiServerTls.defaults().withClientCertificates(true)).start()) {
            Path alice = server.writeKubeconfig(dir.resolve("alice"), "alice", List.of("shop-devs"));
            CoreV1Api asAlice = new CoreV1Api(client(alice));

            assertThatThrownBy(() -> asAlice.createNamespacedConfigMap("default", configMap("a")).execute())
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getResponseBody()).contains("User \\\"alice\\\" cannot create resource");
                    });

            FakeKube kube = server.kube();
            kube.create(kube.type(RBAC, "v1", "clusterroles"), "", new HashMap<>(Map.of(
                    "metadata", Map.of("name", "edit-cm"),
                    "rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("configmaps"),
                            "verbs", List.of("create", "get"))))), WriteOptions.defaults());
            kube.create(kube.type(RBAC, "v1", "rolebindings"), "default", new HashMap<>(Map.of(
                    "metadata", Map.of("name", "devs-edit"),
                    "roleRef", Map.of("apiGroup", RBAC, "kind", "ClusterRole", "name", "edit-cm"),
                    "subjects", List.of(Map.of("kind", "Group", "name", "shop-devs")))), WriteOptions.defaults());
            asAlice.createNamespacedConfigMap("default", configMap("a")).execute();
            assertThat(server.requests().records(r -> r.verb().equals("create") && r.status() == 201))
                    .singleElement().satisfies(r -> assertThat(r.user()).isEqualTo("alice"));
        }
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoAnswer() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder().tls(ApiServerTls.defaults()).start();
             var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            byte[] answer = socket.getInputStream().readAllBytes();
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("gitVersion");
            assertThat(server.requests().total()).isZero();
        }
    }
}
