package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.ApiServerTls;
import io.gitops4j.testkit.FakeApiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl 1.27 … 1.33 against {@link FakeApiServer} over HTTPS with client certificates
 * ({@link ApiServerTls#withClientCertificates}), using the kubeconfig the server writes: kubectl verifies the server
 * with the kubeconfig's CA and authenticates with its client certificate, whose CN the server records as the user;
 * with a token the server does not know and no certificate it is told it must log in (401); with a kubeconfig
 * trusting another CA it fails with its x509 error before sending anything (DA-22). Under {@code CI=true} a missing
 * kubectl fails; elsewhere it skips. {@code -Dkubectl.minors=27,33} runs only those versions.
 */
class KubectlTlsIT {
    private static final List<FakeApiServer> SERVERS = new ArrayList<>();

    @TempDir
    static Path temp;

    @AfterAll
    static void closeServers() {
        SERVERS.forEach(FakeApiServer::close);
    }

    @TestFactory
    Stream<DynamicNode> kubectlOverTlsPerVersion() {
        return Kubectl.minors().mapToObj(minor -> DynamicContainer.dynamicContainer("kubectl 1." + minor, Stream.of(
                DynamicTest.dynamicTest("get ns with the kubeconfig's client certificate",
                        () -> clientCertificate(minor)),
                DynamicTest.dynamicTest("without a client certificate: Unauthorized", () -> anonymous(minor)),
                DynamicTest.dynamicTest("DA-22 a kubeconfig trusting another CA: x509 error",
                        () -> foreignCa(minor)))));
    }

    private static FakeApiServer server(int minor) {
        FakeApiServer server = FakeApiServer.builder().kubernetesMinor(minor)
                .tls(ApiServerTls.defaults().withClientCertificates(true)).start();
        SERVERS.add(server);
        return server;
    }

    private static Kubectl kubectl(int minor, Path kubeconfig, String name) throws Exception {
        return new Kubectl(Kubectl.binaryFor(minor), kubeconfig,
                Files.createDirectories(temp.resolve("home-" + name + "-1." + minor)));
    }

    private static void clientCertificate(int minor) throws Exception {
        FakeApiServer server = server(minor);
        Kubectl.Result r = kubectl(minor, server.kubeconfig(), "cert").run("get", "ns");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("NAME", "default", "kube-system");
        assertThat(server.requests().records(rec -> rec.path().equals("/api/v1/namespaces")))
                .isNotEmpty().allSatisfy(rec -> {
                    assertThat(rec.status()).isEqualTo(200);
                    assertThat(rec.user()).isEqualTo(ApiServerTls.DEFAULT_USER);
                });
    }

    /** A bearer token the server does not know, and no client certificate (no credentials at all would make
     * kubectl prompt for a user name on an https server). */
    private static void anonymous(int minor) throws Exception {
        FakeApiServer server = server(minor);
        Path tokenOnly = Files.writeString(temp.resolve("token-only-1." + minor), KubeconfigWriter.render(
                server.url(), server.certificateAuthority().orElseThrow(), null)
                .replace("  user: {}", "  user: {token: not-a-known-token}"));

        Kubectl.Result r = kubectl(minor, tokenOnly, "anonymous").run("get", "ns");

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("error: You must be logged in to the server");
        assertThat(server.requests().total()).isPositive();
        assertThat(server.requests().records(rec -> rec.status() != 401)).isEmpty();
    }

    /** The server's own kubeconfig (client certificate included) with another CA in certificate-authority-data. */
    private static void foreignCa(int minor) throws Exception {
        FakeApiServer server = server(minor);
        String otherCa = Base64.getEncoder().encodeToString(CertificateAuthority.create("elsewhere").certificatePem()
                .getBytes(StandardCharsets.US_ASCII));
        Path foreign = Files.writeString(temp.resolve("foreign-ca-1." + minor), Files.readString(server.kubeconfig())
                .replaceFirst("certificate-authority-data: \\S+", "certificate-authority-data: " + otherCa));
        assertThat(Files.readString(foreign)).contains(otherCa, "client-key-data");

        Kubectl.Result r = kubectl(minor, foreign, "foreign").run("get", "ns");

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("x509: certificate signed by unknown authority");
        assertThat(server.requests().total()).as("no request got through").isZero();
    }
}
