package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real kubectl 1.27 … 1.33 against {@link FakeApiServer}: per version, the server announces that minor version, the
 * {@code /usr/bin/kubectl} dispatcher picks the matching binary, and a scenario of get, apply (client- and
 * server-side), diff, label, patch, delete, watch, CRDs and the {@code create} generators checks each exit code and
 * output. Under {@code CI=true} a missing kubectl fails; elsewhere the versions not installed are skipped.
 * {@code -Dkubectl.minors=27,33} runs only those versions (for iterating).
 */
class KubectlConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<KubectlScenario> SCENARIOS = new ArrayList<>();

    @TempDir
    static Path temp;

    @AfterAll
    static void closeServers() {
        SCENARIOS.forEach(KubectlScenario::close);
    }

    @TestFactory
    Stream<DynamicNode> kubectlScenarioPerVersion() throws URISyntaxException {
        Path fixtures = Path.of(KubectlConformanceIT.class.getResource("/kubectl/cm.yaml").toURI()).getParent();
        return KubectlScenario.perMinor(SCENARIOS, minor -> new Scenario(minor, fixtures));
    }

    /** The steps of one version's scenario, sharing one server. */
    private static final class Scenario extends KubectlScenario {
        Scenario(int minor, Path fixtures) {
            super(minor, fixtures, new KubectlSession(minor, temp));
        }

        @Override
        List<DynamicTest> steps() {
            List<DynamicTest> t = new ArrayList<>();
            t.add(versionStep());
            t.add(step("get namespaces as a table", () -> {
                Kubectl.Result r = ok("get", "ns");
                assertThat(r.out()).contains("NAME", "default", "kube-system");
            }));
            t.add(step("apply creates, leaves unchanged, configures", () -> {
                assertThat(ok("apply", "-f", f("cm.yaml")).out()).contains("configmap/demo created");
                assertThat(ok("apply", "-f", f("cm.yaml")).out()).contains("configmap/demo unchanged");
                assertThat(ok("apply", "-f", f("cm-changed.yaml")).out()).contains("configmap/demo configured");
                assertThat(jsonpath("cm", "demo", "{.data.b}")).isEqualTo("3");
            }));
            t.add(step("apply a deployment, then change it (strategic merge patch)", () -> {
                assertThat(ok("apply", "-f", f("deploy.yaml")).out()).contains("deployment.apps/web created");
                assertThat(ok("apply", "-f", f("deploy-changed.yaml")).out())
                        .contains("deployment.apps/web configured");
                assertThat(jsonpath("deploy", "web", "{.spec.template.spec.containers[0].env[0].value}"))
                        .isEqualTo("2");
                assertThat(jsonpath("deploy", "web", "{.spec.template.spec.containers[*].name}")).isEqualTo("nginx");
            }));
            t.add(step("apply of a changed selector is refused: field is immutable (client-side and server-side)",
                    () -> {
                        String message = "The Deployment \"web\" is invalid: spec.selector: Invalid value: "
                                + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"shop\"}, "
                                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable";
                        Kubectl.Result csa = run("apply", "-f", f("deploy-selector.yaml"));
                        assertThat(csa.exit()).as(csa.toString()).isEqualTo(1);
                        assertThat(csa.err()).contains(message);
                        Kubectl.Result ssa = run("apply", "--server-side", "--force-conflicts", "-f",
                                f("deploy-selector.yaml"));
                        assertThat(ssa.exit()).as(ssa.toString()).isEqualTo(1);
                        assertThat(ssa.err()).contains(message);
                        assertThat(jsonpath("deploy", "web", "{.spec.selector.matchLabels.app}")).isEqualTo("web");
                    }));
            t.add(step("get -o yaml and as a table", () -> {
                String yaml = ok("get", "cm", "demo", "-o", "yaml").out();
                assertThat(yaml).contains("name: demo", "b: \"3\"", "resourceVersion:", "uid:");
                assertThat(ok("get", "cm").out()).contains("NAME", "demo");
                assertThat(ok("get", "cm", "--show-labels").out()).contains("app=demo");
                assertThat(ok("get", "cm", "-l", "app=demo", "-o", "name").out().trim())
                        .isEqualTo("configmap/demo");
            }));
            t.add(step("diff: changed exits 1, unchanged exits 0, new object shows and is not created", () -> {
                Kubectl.Result changed = run("diff", "-f", f("cm.yaml"));
                assertThat(changed.exit()).as(changed.toString()).isEqualTo(1);
                assertThat(changed.out()).contains("-  b: \"3\"", "+  b: \"2\"");
                Kubectl.Result same = run("diff", "-f", f("cm-changed.yaml"));
                assertThat(same.exit()).as(same.toString()).isZero();
                assertThat(same.out()).isEmpty();
                Kubectl.Result fresh = run("diff", "-f", f("new.yaml"));
                assertThat(fresh.exit()).as(fresh.toString()).isEqualTo(1);
                assertThat(fresh.out()).contains("+  name: brand-new");
                assertThat(run("get", "cm", "brand-new").exit()).isEqualTo(1);
            }));
            t.add(step("label", () -> {
                assertThat(ok("label", "cm", "demo", "tier=backend").out()).contains("configmap/demo labeled");
                assertThat(jsonpath("cm", "demo", "{.metadata.labels.tier}")).isEqualTo("backend");
            }));
            t.add(step("patch: merge, json (a failing test op too), strategic", () -> {
                assertThat(ok("patch", "cm", "demo", "--type=merge", "-p", "{\"data\":{\"m\":\"1\"}}").out())
                        .contains("configmap/demo patched");
                assertThat(jsonpath("cm", "demo", "{.data.m}")).isEqualTo("1");
                ok("patch", "cm", "demo", "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"2\"}]");
                assertThat(jsonpath("cm", "demo", "{.data.j}")).isEqualTo("2");
                Kubectl.Result test = run("patch", "cm", "demo", "--type=json", "-p",
                        "[{\"op\":\"test\",\"path\":\"/data/j\",\"value\":\"nope\"}]");
                assertThat(test.exit()).as(test.toString()).isNotZero();
                ok("patch", "deploy", "web", "-p",
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.26\"}]}}}}");
                assertThat(jsonpath("deploy", "web", "{.spec.template.spec.containers[0].image}"))
                        .isEqualTo("nginx:1.26");
                assertThat(jsonpath("deploy", "web", "{.spec.template.spec.containers[0].env[0].value}"))
                        .as("strategic merge keeps the env of the container merged by name").isEqualTo("2");
            }));
            t.add(step("apply --server-side: create, update, conflict, --force-conflicts", () -> {
                assertThat(ok("apply", "--server-side", "-f", f("ssa.yaml")).out())
                        .contains("configmap/ssa serverside-applied");
                assertThat(ok("apply", "--server-side", "-f", f("ssa-changed.yaml")).out())
                        .contains("configmap/ssa serverside-applied");
                assertThat(jsonpath("cm", "ssa", "{.data.k}")).isEqualTo("v2");
                ok("patch", "cm", "ssa", "--type=merge", "-p", "{\"data\":{\"k\":\"mine\"}}");
                Kubectl.Result conflict = run("apply", "--server-side", "-f", f("ssa.yaml"));
                assertThat(conflict.exit()).as(conflict.toString()).isEqualTo(1);
                assertThat(conflict.err()).contains("conflict", "kubectl-patch", ".data.k");
                assertThat(jsonpath("cm", "ssa", "{.data.k}")).isEqualTo("mine");
                assertThat(ok("apply", "--server-side", "--force-conflicts", "-f", f("ssa.yaml")).out())
                        .contains("configmap/ssa serverside-applied");
                assertThat(jsonpath("cm", "ssa", "{.data.k}")).isEqualTo("v1");
            }));
            t.add(step("client-side apply migrates to server-side apply", () -> {
                assertThat(ok("apply", "-f", f("migrate.yaml")).out()).contains("configmap/migrate created");
                assertThat(ok("apply", "--server-side", "-f", f("migrate.yaml")).out())
                        .contains("configmap/migrate serverside-applied");
                JsonNode cm = JSON.readTree(ok("get", "cm", "migrate", "-o", "json", "--show-managed-fields").out());
                boolean kubectlApplies = false;
                for (JsonNode m : cm.at("/metadata/managedFields")) {
                    if (m.path("manager").asText().equals("kubectl") && m.path("operation").asText().equals("Apply")) {
                        kubectlApplies = m.toString().contains("f:x");
                    }
                }
                assertThat(kubectlApplies).as(cm.toString()).isTrue();
            }));
            t.add(step("get -w sees a new object (bounded)", this::watch));
            t.add(step("delete without finalizers", () -> {
                assertThat(ok("delete", "cm", "demo").out()).contains("configmap \"demo\" deleted");
                Kubectl.Result gone = run("get", "cm", "demo");
                assertThat(gone.exit()).isEqualTo(1);
                assertThat(gone.err()).contains("not found");
            }));
            t.add(step("delete waits for finalizers", this::deleteWithFinalizer));
            t.add(step("a CRD, then a custom resource (apply, get, apply changed, server-side apply)", () -> {
                assertThat(ok("apply", "-f", f("crd.yaml")).out())
                        .contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created");
                assertThat(ok("apply", "-f", f("widget.yaml")).out()).contains("widget.example.com/w1 created");
                String table = ok("get", "widgets").out();
                assertThat(table).contains("NAME", "SIZE", "w1");
                assertThat(table.lines().filter(l -> l.startsWith("w1")).findFirst().orElse(""))
                        .contains("3");
                assertThat(ok("apply", "-f", f("widget-changed.yaml")).out())
                        .contains("widget.example.com/w1 configured");
                assertThat(jsonpath("wg", "w1", "{.spec.size}")).isEqualTo("4");
                assertThat(ok("apply", "--server-side", "--force-conflicts", "-f", f("widget.yaml")).out())
                        .contains("widget.example.com/w1 serverside-applied");
                assertThat(jsonpath("widget", "w1", "{.spec.size}")).isEqualTo("3");
            }));
            t.add(step("get all", () -> {
                Kubectl.Result all = ok("get", "all");
                assertThat(all.out()).contains("deployment.apps/web");
            }));
            t.add(step("create namespace / configmap --from-literal / secret generic", () -> {
                assertThat(ok("create", "namespace", "team-" + minor).out())
                        .contains("namespace/team-" + minor + " created");
                assertThat(ok("create", "configmap", "c2", "--from-literal=a=b").out())
                        .contains("configmap/c2 created");
                assertThat(jsonpath("cm", "c2", "{.data.a}")).isEqualTo("b");
                assertThat(ok("create", "secret", "generic", "s1", "--from-literal=p=q").out())
                        .contains("secret/s1 created");
                assertThat(jsonpath("secret", "s1", "{.data.p}")).isEqualTo("cQ==");
                assertThat(ok("create", "deployment", "gen", "--image=nginx:1.25", "-n", "team-" + minor).out())
                        .contains("deployment.apps/gen created");
            }));
            t.add(step("every other create generator (protobuf bodies from kubectl 1.32 on)", () -> {
                String[][] generators = {
                    {"service/s1 created", "create", "service", "clusterip", "s1", "--tcp=80:8080"},
                    {"serviceaccount/sa1 created", "create", "serviceaccount", "sa1"},
                    {"job.batch/j1 created", "create", "job", "j1", "--image=busybox:1.36"},
                    {"cronjob.batch/cj1 created", "create", "cronjob", "cj1", "--image=busybox:1.36",
                        "--schedule=*/5 * * * *"},
                    {"role.rbac.authorization.k8s.io/r1 created", "create", "role", "r1", "--verb=get",
                        "--resource=pods"},
                    {"rolebinding.rbac.authorization.k8s.io/rb1 created", "create", "rolebinding", "rb1",
                        "--role=r1", "--user=alice"},
                    {"clusterrole.rbac.authorization.k8s.io/cr1 created", "create", "clusterrole", "cr1",
                        "--verb=get", "--resource=nodes"},
                    {"clusterrolebinding.rbac.authorization.k8s.io/crb1 created", "create", "clusterrolebinding",
                        "crb1", "--clusterrole=cr1", "--user=alice"},
                    {"resourcequota/q1 created", "create", "quota", "q1", "--hard=pods=2"},
                    {"poddisruptionbudget.policy/pdb1 created", "create", "pdb", "pdb1", "--selector=app=web",
                        "--min-available=1"},
                    {"priorityclass.scheduling.k8s.io/pc1 created", "create", "priorityclass", "pc1", "--value=10"},
                    {"ingress.networking.k8s.io/ing1 created", "create", "ingress", "ing1",
                        "--rule=foo.example.com/bar=s1:80"},
                };
                for (String[] g : generators) {
                    String[] args = java.util.Arrays.copyOfRange(g, 1, g.length);
                    assertThat(ok(args).out()).contains(g[0]);
                }
                assertThat(jsonpath("svc", "s1", "{.spec.ports[0].targetPort}")).isEqualTo("8080");
                assertThat(jsonpath("cronjob", "cj1", "{.spec.schedule}")).isEqualTo("*/5 * * * *");
                assertThat(jsonpath("pdb", "pdb1", "{.spec.minAvailable}")).isEqualTo("1");
                assertThat(jsonpath("priorityclass", "pc1", "{.value}")).isEqualTo("10");
                assertThat(jsonpath("ingress", "ing1", "{.spec.rules[0].http.paths[0].backend.service.port.number}"))
                        .isEqualTo("80");
            }));
            t.add(step("a ResourceQuota refuses the object over it and shows its usage", () -> {
                String ns = "team-" + minor;
                ok("create", "quota", "few", "--hard=count/configmaps=1", "-n", ns);
                ok("create", "configmap", "q1", "--from-literal=a=b", "-n", ns);
                Kubectl.Result over = run("create", "configmap", "q2", "--from-literal=a=b", "-n", ns);
                assertThat(over.exit()).as(over.toString()).isEqualTo(1);
                assertThat(over.err()).contains("configmaps \"q2\" is forbidden: exceeded quota: few, requested: "
                        + "count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1");
                assertThat(ok("get", "quota", "few", "-n", ns, "-o", "jsonpath={.status.used}").out())
                        .as("no kube-root-ca.crt: namespaceDefaults is off").contains("\"count/configmaps\":\"1\"");
            }));
            t.add(step("a claim a Pod mounts stays Terminating until the Pod is deleted", () -> {
                String ns = "team-" + minor;
                Path manifest = Files.createTempFile("claim", ".yaml");
                Files.writeString(manifest, """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data}
                        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                        ---
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: db}
                        spec:
                          containers: [{name: db, image: postgres}]
                          volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                        """);
                try {
                    ok("apply", "-n", ns, "-f", manifest.toString());
                    assertThat(ok("get", "pvc", "data", "-n", ns, "-o", "jsonpath={.metadata.finalizers}").out())
                            .contains("kubernetes.io/pvc-protection");
                    ok("delete", "pvc", "data", "-n", ns, "--wait=false");
                    assertThat(ok("get", "pvc", "data", "-n", ns).out()).contains("Terminating");
                    ok("delete", "pod", "db", "-n", ns);
                    Kubectl.Result gone = run("get", "pvc", "data", "-n", ns);
                    assertThat(gone.exit()).as(gone.toString()).isEqualTo(1);
                    assertThat(gone.err()).contains("not found");
                } finally {
                    Files.deleteIfExists(manifest);
                }
            }));
            return t;
        }

        private void watch() throws Exception {
            Process p = session.kubectl().start("get", "cm", "-w", "--request-timeout=60s");
            try {
                waitFor(() -> Kubectl.stdoutSoFar(p).contains("demo"), 20);
                ok("create", "configmap", "watched-" + minor, "--from-literal=w=1");
                waitFor(() -> Kubectl.stdoutSoFar(p).contains("watched-" + minor), 20);
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                Kubectl.collect(p);
            }
            assertThat(session.server().requests().records(r -> r.verb().equals("watch"))).isNotEmpty();
        }

        private void deleteWithFinalizer() throws Exception {
            assertThat(ok("apply", "-f", f("fin.yaml")).out()).contains("configmap/fin created");
            Process delete = session.kubectl().start("delete", "cm", "fin", "--timeout=60s");
            try {
                waitFor(() -> !jsonpath("cm", "fin", "{.metadata.deletionTimestamp}").isEmpty(), 20);
                Thread.sleep(300);
                assertThat(delete.isAlive()).as("delete --wait blocks while the finalizer holds the object").isTrue();
                ok("patch", "cm", "fin", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
                assertThat(delete.waitFor(30, TimeUnit.SECONDS)).as("delete returns once the object is gone").isTrue();
            } finally {
                delete.destroy();
            }
            Kubectl.Result r = Kubectl.collect(delete);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("configmap \"fin\" deleted");
            assertThat(run("get", "cm", "fin").exit()).isEqualTo(1);
        }

        private String jsonpath(String resource, String name, String path) throws IOException, InterruptedException {
            Kubectl.Result r = session.run("get", resource, name, "-o", "jsonpath=" + path);
            return r.exit() == 0 ? r.out() : "";
        }
    }
}
