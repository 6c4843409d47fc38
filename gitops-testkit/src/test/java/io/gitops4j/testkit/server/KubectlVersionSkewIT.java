package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oldest kubectl we support (1.27, the binary itself, not the dispatcher that would pick 1.33) against a server
 * answering 1.33, as people run it against a real 1.33 cluster: kubectl 1.27 reads {@code /openapi/v2} for its
 * query-parameter checks, client-side apply patches and {@code explain --output plaintext-openapiv2}, and a real
 * 1.33 server still serves that document. Under {@code CI=true} a missing kubectl 1.27 fails; elsewhere it skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlVersionSkewIT {
    private static final int CLIENT_MINOR = 27;
    private static final int SERVER_MINOR = 33;

    @TempDir
    static Path temp;

    private static FakeApiServer server;
    private static Kubectl kubectl;
    private static Path fixtures;

    @BeforeAll
    static void start() throws Exception {
        Path binary = Kubectl.binaryItself(CLIENT_MINOR);
        fixtures = Path.of(KubectlVersionSkewIT.class.getResource("/kubectl/deploy.yaml").toURI()).getParent();
        server = FakeApiServer.builder().kubernetesMinor(SERVER_MINOR).kubeconfig(temp.resolve("kubeconfig")).start();
        kubectl = new Kubectl(binary, server.kubeconfig(), Files.createDirectories(temp.resolve("home")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theClientIs127AndTheServer133() throws Exception {
        JsonNode v = new ObjectMapper().readTree(ok("version", "-o", "json").out());
        assertThat(v.at("/clientVersion/minor").asText().replaceAll("\\D", "")).isEqualTo("27");
        assertThat(v.at("/serverVersion/minor").asText()).isEqualTo("33");
    }

    @Test
    @Order(2)
    void clientSideApplyCreatesThenPatches() throws Exception {
        assertThat(ok("apply", "-f", fixture("deploy.yaml")).out()).contains("deployment.apps/web created");
        assertThat(ok("apply", "-f", fixture("deploy-changed.yaml")).out()).contains("deployment.apps/web configured");
        assertThat(ok("get", "deployment", "web", "-o",
                "jsonpath={.spec.template.spec.containers[0].env[0].value}").out()).isEqualTo("2");
        assertThat(server.requests().records(r -> r.path().equals("/openapi/v2") && r.status() == 200))
                .as("kubectl 1.27 read the OpenAPI v2 document").isNotEmpty();
    }

    @Test
    @Order(3)
    void serverSideApply() throws Exception {
        assertThat(ok("apply", "--server-side", "-f", fixture("ssa.yaml")).out())
                .contains("configmap/ssa serverside-applied");
        assertThat(ok("apply", "--server-side", "-f", fixture("ssa-changed.yaml")).out())
                .contains("configmap/ssa serverside-applied");
        assertThat(ok("get", "configmap", "ssa", "-o", "jsonpath={.data.k}").out()).isEqualTo("v2");
    }

    @Test
    @Order(4)
    void getPrintsTheServersTable() throws Exception {
        String out = ok("get", "deployments,configmaps").out();
        assertThat(out).contains("deployment.apps/web", "configmap/ssa");
    }

    @Test
    @Order(5)
    void explainFromBothOpenApiVersions() throws Exception {
        assertThat(ok("explain", "deployment.spec.strategy").out()).contains("KIND:", "Deployment", "strategy");
        String v2 = ok("explain", "svc.spec.ports", "--output", "plaintext-openapiv2").out();
        assertThat(v2).contains("KIND:     Service", "RESOURCE: ports <[]Object>");
        assertThat(v2).contains("port\t<integer> -required-");
    }

    private static String fixture(String name) {
        return fixtures.resolve(name).toString();
    }

    private static Kubectl.Result ok(String... args) throws Exception {
        Kubectl.Result r = kubectl.run(args);
        assertThat(r.exit()).as("kubectl 1.27 " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }
}
