package io.gitops4j.testkit.server;

import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real {@code kubectl explain} 1.27 … 1.33 against {@link FakeApiServer}: built-in kinds are explained from the
 * structural schemas the fake serves as OpenAPI v3 (field names, types as kubectl prints them, {@code -required-}),
 * unknown fields fail as on a real server, and a CRD's schema still explains; every version also explains from the
 * OpenAPI v2 protobuf ({@code --output plaintext-openapiv2}), which the fake serves at every minor as a real server
 * does. Under {@code CI=true} a missing kubectl fails; elsewhere the versions not installed are skipped. {@code -Dkubectl.minors=27,33} runs only those versions.
 */
class KubectlExplainIT {
    private static final List<KubectlScenario> SCENARIOS = new ArrayList<>();

    @TempDir
    static Path temp;

    @AfterAll
    static void closeServers() {
        SCENARIOS.forEach(KubectlScenario::close);
    }

    @TestFactory
    Stream<DynamicNode> explainPerVersion() throws URISyntaxException {
        Path fixtures = Path.of(KubectlExplainIT.class.getResource("/kubectl/crd.yaml").toURI()).getParent();
        return KubectlScenario.perMinor(SCENARIOS, minor -> new Scenario(minor, fixtures));
    }

    /** The steps of one version, sharing one server. */
    private static final class Scenario extends KubectlScenario {
        Scenario(int minor, Path fixtures) {
            super(minor, fixtures, new KubectlSession(minor, temp));
        }

        @Override
        List<DynamicTest> steps() {
            List<DynamicTest> t = new ArrayList<>();
            t.add(versionStep());
            t.add(step("explain deployment.spec.template.spec.containers", () -> {
                String out = ok("explain", "deployment.spec.template.spec.containers").out();
                assertThat(out).contains("GROUP:      apps", "KIND:       Deployment", "VERSION:    v1",
                        "FIELD: containers <[]Container>");
                assertThat(fields(out)).contains("name\t<string> -required-", "image\t<string>",
                        "env\t<[]EnvVar>", "ports\t<[]ContainerPort>", "resources\t<ResourceRequirements>",
                        "livenessProbe\t<Probe>", "args\t<[]string>", "stdin\t<boolean>");
            }));
            t.add(step("explain deployment.spec: required fields and nested types", () -> {
                String out = ok("explain", "deployment.spec").out();
                assertThat(out).contains("FIELD: spec <DeploymentSpec>");
                assertThat(fields(out)).contains("replicas\t<integer>", "selector\t<LabelSelector> -required-",
                        "template\t<PodTemplateSpec> -required-", "strategy\t<DeploymentStrategy>");
            }));
            t.add(step("explain pods --recursive (spot checks)", () -> {
                String out = ok("explain", "pods", "--recursive").out();
                assertThat(out).contains("KIND:       Pod", "VERSION:    v1");
                assertThat(out.lines()).contains("  spec\t<PodSpec>", "  status\t<PodStatus>",
                        "    containers\t<[]Container> -required-", "    nodeSelector\t<map[string]string>",
                        "      name\t<string> -required-", "        limits\t<map[string]Quantity>",
                        "    creationTimestamp\t<string>", "    labels\t<map[string]string>");
            }));
            t.add(step("explain configmap", () -> {
                String out = ok("explain", "configmap").out();
                assertThat(out).contains("KIND:       ConfigMap", "VERSION:    v1").doesNotContain("GROUP:");
                assertThat(fields(out)).contains("apiVersion\t<string>", "binaryData\t<map[string]string>",
                        "data\t<map[string]string>", "immutable\t<boolean>", "kind\t<string>",
                        "metadata\t<ObjectMeta>");
            }));
            t.add(step("explain svc.spec.ports", () -> {
                String out = ok("explain", "svc.spec.ports").out();
                assertThat(out).contains("KIND:       Service", "FIELD: ports <[]ServicePort>");
                assertThat(fields(out)).contains("port\t<integer> -required-", "targetPort\t<IntOrString>",
                        "protocol\t<string>", "nodePort\t<integer>", "name\t<string>");
            }));
            t.add(step("explain --output plaintext-openapiv2 (the /openapi/v2 protobuf, served at every minor)", () -> {
                String out = ok("explain", "deployment.spec.template.spec.containers",
                        "--output", "plaintext-openapiv2").out();
                assertThat(out).contains("KIND:     Deployment", "VERSION:  apps/v1",
                        "RESOURCE: containers <[]Object>");
                assertThat(fields(out)).contains("name\t<string> -required-", "env\t<[]Object>",
                        "args\t<[]string>", "image\t<string>");
                assertThat(fields(ok("explain", "svc.spec.ports", "--output", "plaintext-openapiv2").out()))
                        .contains("port\t<integer> -required-", "targetPort\t<string>");
            }));
            t.add(step("explain a field that does not exist fails", () -> {
                Kubectl.Result r = session.run("explain", "deployment.spec.nope");
                assertThat(r.exit()).as(r.toString()).isNotZero();
                assertThat(r.err()).contains("nope").contains("does not exist");
            }));
            t.add(step("a CRD still explains from its own schema", () -> {
                assertThat(ok("apply", "-f", f("crd.yaml")).out())
                        .contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created");
                Kubectl.Result r = waitForExplain("widgets.spec");
                assertThat(r.out()).contains("GROUP:      example.com", "KIND:       Widget",
                        "FIELD: spec <Object>");
                assertThat(fields(r.out())).contains("size\t<integer>", "tags\t<[]string>");
                assertThat(fields(ok("explain", "widgets").out())).as("published like a real server does")
                        .contains("apiVersion\t<string>", "kind\t<string>", "metadata\t<ObjectMeta>",
                                "spec\t<Object>", "status\t<Object>");
                assertThat(fields(ok("explain", "wg.metadata").out()))
                        .contains("name\t<string>", "labels\t<map[string]string>");
                assertThat(fields(ok("explain", "widgets.spec", "--output", "plaintext-openapiv2").out()))
                        .contains("size\t<integer>", "tags\t<[]string>");
                assertThat(fields(ok("explain", "crd.spec.versions").out()))
                        .contains("name\t<string> -required-", "schema\t<CustomResourceValidation>");
            }));
            return t;
        }

        /** The field lines of an explain output, without their indentation. */
        private static List<String> fields(String out) {
            return out.lines().filter(l -> l.contains("\t<")).map(String::strip).toList();
        }

        private Kubectl.Result waitForExplain(String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                Kubectl.Result r = session.run("explain", what);
                if (r.exit() == 0) {
                    return r;
                }
                if (System.nanoTime() > deadline) {
                    fail("kubectl explain " + what + " kept failing\n" + r);
                }
                Thread.sleep(200);
            }
        }
    }
}
