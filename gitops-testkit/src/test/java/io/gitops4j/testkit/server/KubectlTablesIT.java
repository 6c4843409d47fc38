package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real {@code kubectl get <kind>} and {@code kubectl get <kind> -o wide} 1.27 … 1.33 against {@link FakeApiServer}
 * announcing the same minor version: for representative objects of each built-in kind (statuses written through the
 * status subresource) the printed header and the cells of each row must be exactly those a real kube-apiserver of that
 * version produces. Objects are created by a FakeKube whose clock runs 10 days behind, so every AGE reads {@code 10d};
 * status times are set relative to now (restarts and last schedules 2 and 3 days ago).
 *
 * <p>Under {@code CI=true} a missing kubectl fails; elsewhere the versions not installed are skipped.
 * {@code -Dkubectl.minors=27,33} runs only those versions.
 */
class KubectlTablesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<KubectlScenario> SCENARIOS = new ArrayList<>();

    @TempDir
    static Path temp;

    @AfterAll
    static void closeServers() {
        SCENARIOS.forEach(KubectlScenario::close);
    }

    @TestFactory
    Stream<DynamicNode> tablesPerVersion() throws URISyntaxException {
        Path fixtures = Path.of(KubectlTablesIT.class.getResource("/kubectl-tables/workloads.yaml").toURI())
                .getParent();
        return KubectlScenario.perMinor(SCENARIOS, minor -> new Scenario(minor, fixtures));
    }

    /** One version's server, kubectl and checks. */
    private static final class Scenario extends KubectlScenario {
        private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Scenario(int minor, Path fixtures) {
            super(minor, fixtures, new KubectlSession(minor, temp,
                    () -> FakeKube.builder().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-10))).build()));
        }

        @Override
        List<DynamicTest> steps() {
            List<DynamicTest> t = new ArrayList<>();
            t.add(step("create the objects and write their statuses", this::setUp));
            t.add(step("pods: computed status, ready, restarts with last-restart age, wide IP/node/gates", () -> {
                String[] h = {"NAME", "READY", "STATUS", "RESTARTS", "AGE"};
                String[] w = {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"};
                check("pods", h, w, Map.of(
                        "running", row("2/2", "Running", "5 (2d ago)", "10d", "10.244.0.5", "node-a", "<none>", "1/1"),
                        "crashing", row("0/1", "CrashLoopBackOff", "3 (2d ago)", "10d", "<none>", "<none>", "<none>",
                                "<none>"),
                        "initializing", row("0/1", "Init:1/2", "0", "10d", "<none>", "<none>", "<none>", "<none>"),
                        "done", row("0/1", "Completed", "0", "10d", "<none>", "<none>", "<none>", "<none>"),
                        "leaving", row("1/1", "Terminating", "0", "10d", "10.244.0.9", "<none>", "<none>", "<none>"),
                        "finished", row("0/1", minor >= 31 ? "Completed" : "Terminating", "0", "10d", "<none>",
                                "<none>", "<none>", "<none>")));
            }));
            t.add(step("watch: the first event brings the columns, later rows follow under the same header",
                    this::watch));
            t.add(step("deployments", () -> check("deployments",
                    new String[] {"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"},
                    new String[] {"CONTAINERS", "IMAGES", "SELECTOR"},
                    Map.of("web", row("2/3", "3", "2", "10d", "nginx,sidecar", "nginx:1.25,busybox:1.36",
                            "app=web,tier in (back,front)")))));
            t.add(step("replicasets", () -> check("replicasets",
                    new String[] {"NAME", "DESIRED", "CURRENT", "READY", "AGE"},
                    new String[] {"CONTAINERS", "IMAGES", "SELECTOR"},
                    Map.of("web-rs", row("2", "2", "1", "10d", "app", "nginx:1.25", "app=rs")))));
            t.add(step("statefulsets", () -> check("statefulsets", new String[] {"NAME", "READY", "AGE"},
                    new String[] {"CONTAINERS", "IMAGES"}, Map.of("db", row("1/3", "10d", "postgres", "postgres:16")))));
            t.add(step("daemonsets", () -> check("daemonsets",
                    new String[] {"NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR",
                        "AGE"},
                    new String[] {"CONTAINERS", "IMAGES", "SELECTOR"},
                    Map.of("agent", row("3", "3", "2", "3", "2", "kubernetes.io/os=linux", "10d", "agent",
                            "busybox:1.36", "app=agent")))));
            t.add(step("jobs (STATUS from 1.30)", this::jobs));
            t.add(step("cronjobs (TIMEZONE from 1.30)", this::cronJobs));
            t.add(step("services: cluster IP, external IP, node ports", () -> check("services",
                    new String[] {"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"},
                    new String[] {"SELECTOR"}, Map.of(
                            "web-svc", row("ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "10d", "app=web"),
                            "np-svc", row("NodePort", "10.96.0.11", "<none>", "80:30080/TCP", "10d", "app=web"),
                            "lb-svc", row("LoadBalancer", "10.96.0.12", "203.0.113.7", "443:30443/TCP", "10d",
                                    "app=web"),
                            "lb-pending", row("LoadBalancer", "10.96.0.13", "<pending>", "443:30444/TCP", "10d",
                                    "<none>"),
                            "ext", row("ExternalName", "<none>", "db.example.com", "<none>", "10d", "<none>")))));
            t.add(step("endpoints", () -> check("endpoints", new String[] {"NAME", "ENDPOINTS", "AGE"},
                    new String[0], Map.of("manual-ep",
                            row("10.244.0.5:8080,10.244.0.6:8080,10.244.0.7:8080 + 1 more...", "10d")))));
            t.add(step("ingresses and ingress classes", () -> {
                check("ingresses", new String[] {"NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"}, new String[0],
                        Map.of("web-ing", row("nginx", "a.example.com,b.example.com", "203.0.113.9", "80, 443",
                                "10d")));
                check("ingressclasses", new String[] {"NAME", "CONTROLLER", "PARAMETERS", "AGE"}, new String[0],
                        Map.of("nginx", row("k8s.io/ingress-nginx", "<none>", "10d")));
            }));
            t.add(step("networkpolicies", () -> check("networkpolicies", new String[] {"NAME", "POD-SELECTOR", "AGE"},
                    new String[0], Map.of("deny", row("app=web", "10d"), "all", row("<none>", "10d")))));
            t.add(step("configmaps, secrets, serviceaccounts, namespaces", () -> {
                check("configmaps", new String[] {"NAME", "DATA", "AGE"}, new String[0],
                        Map.of("settings", row("2", "10d")));
                check("secrets", new String[] {"NAME", "TYPE", "DATA", "AGE"}, new String[0],
                        Map.of("creds", row("Opaque", "3", "10d")));
                check("serviceaccounts", new String[] {"NAME", "SECRETS", "AGE"}, new String[0],
                        Map.of("builder", row("1", "10d")));
                check("namespaces", new String[] {"NAME", "STATUS", "AGE"}, new String[0],
                        Map.of("team-a", row("Active", "10d")));
            }));
            t.add(step("nodes: status, roles, addresses, node info", () -> check("nodes",
                    new String[] {"NAME", "STATUS", "ROLES", "AGE", "VERSION"},
                    new String[] {"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"},
                    Map.of("node-a", row("Ready,SchedulingDisabled", "control-plane,infra", "10d", "v1." + minor + ".0",
                                    "192.168.1.10", "198.51.100.10", "Ubuntu 24.04 LTS", "6.8.0", "containerd://1.7.0"),
                            "node-b", row("Unknown", "<none>", "10d", "", "<none>", "<none>", "<unknown>", "<unknown>",
                                    "<unknown>")))));
            t.add(step("persistent volumes and claims (VOLUMEATTRIBUTESCLASS from 1.29), storage classes",
                    this::storage));
            t.add(step("events", () -> {
                check("events", "OBJECT", new String[] {"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"},
                        new String[] {"LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
                            "FIRST SEEN", "COUNT", "NAME"},
                        Map.of("pod/crashing", row("3d", "Warning", "BackOff", "pod/crashing",
                                "Back-off restarting failed container")),
                        Map.of("pod/crashing", row("3d", "Warning", "BackOff", "pod/crashing", "spec.containers{app}",
                                "kubelet, node-a", "Back-off restarting failed container", "10d", "7", "crashing.1")));
            }));
            t.add(step("horizontalpodautoscalers (metric names in TARGETS from 1.30)", () -> {
                String targets = minor >= 30 ? "cpu: 45%/80%, memory: 300Mi/500Mi + 1 more..."
                        : "45%/80%, 300Mi/500Mi + 1 more...";
                check("horizontalpodautoscalers",
                        new String[] {"NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"},
                        new String[0], Map.of("web-hpa", row("Deployment/web", targets, "2", "10", "3", "10d")));
            }));
            t.add(step("rbac: roles show CREATED AT, bindings ROLE and wide subjects", this::rbac));
            t.add(step("poddisruptionbudgets", () -> check("poddisruptionbudgets",
                    new String[] {"NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"},
                    new String[0], Map.of("web-pdb", row("1", "N/A", "1", "10d"),
                            "pct-pdb", row("N/A", "25%", "0", "10d")))));
            t.add(step("resourcequotas (AGE last from 1.33), limitranges", this::quotas));
            t.add(step("priorityclasses (PREEMPTIONPOLICY from 1.32)", () -> check("priorityclasses",
                    minor >= 32 ? new String[] {"NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"}
                            : new String[] {"NAME", "VALUE", "GLOBAL-DEFAULT", "AGE"}, new String[0],
                    Map.of("high", minor >= 32 ? row("1000", "false", "10d", "PreemptLowerPriority")
                            : row("1000", "false", "10d")))));
            t.add(step("customresourcedefinitions and a custom resource's printer columns", this::customResources));
            return t;
        }

        private void setUp() throws Exception {
            ok("apply", "-f", f("workloads.yaml"));
            ok("apply", "-f", f("config.yaml"));
            ok("apply", "-f", f("widget.yaml"));
            String statuses = Files.readString(fixtures.resolve("statuses.json"))
                    .replace("${2d ago}", ago(Duration.ofDays(2)))
                    .replace("${3d ago}", ago(Duration.ofDays(3)))
                    .replace("${10d ago + 25s}", ago(Duration.ofDays(10).minusSeconds(25)))
                    .replace("${10d ago}", ago(Duration.ofDays(10)))
                    .replace("${minor}", String.valueOf(minor));
            for (JsonNode entry : JSON.readTree(statuses)) {
                String[] gvr = entry.get("resource").asText().split("/");
                kube().patch(kube().type(gvr[0], gvr[1], gvr[2]), entry.path("namespace").asText("default"),
                        entry.get("name").asText(), "status", PatchType.MERGE,
                        JSON.writeValueAsString(Map.of("status", entry.get("status"))), WriteOptions.defaults());
            }
            ResourceType pods = kube().type("", "v1", "pods");
            kube().delete(pods, "default", "leaving", DeleteOptions.defaults());
            kube().delete(pods, "default", "finished", DeleteOptions.defaults());
            kube().patch(kube().type("", "v1", "events"), "default", "crashing.1", PatchType.MERGE,
                    "{\"firstTimestamp\":\"" + ago(Duration.ofDays(10)) + "\",\"lastTimestamp\":\""
                            + ago(Duration.ofDays(3)) + "\"}", WriteOptions.defaults());
        }

        private void watch() throws Exception {
            Process p = session.kubectl().start("get", "statefulsets", "-w", "--request-timeout=60s");
            try {
                waitFor(() -> Kubectl.stdoutSoFar(p).contains("db "), 20);
                kube().create(kube().type("apps", "v1", "statefulsets"), "default", Map.of("apiVersion", "apps/v1",
                        "kind", "StatefulSet", "metadata", Map.of("name", "cache"), "spec", Map.of("replicas", 2,
                                "serviceName", "cache", "selector", Map.of("matchLabels", Map.of("app", "cache")),
                                "template", Map.of("metadata", Map.of("labels", Map.of("app", "cache")), "spec",
                                        Map.of("containers", List.of(Map.of("name", "redis", "image", "redis:7")))))),
                        WriteOptions.defaults());
                waitFor(() -> Kubectl.stdoutSoFar(p).contains("cache "), 20);
            } finally {
                p.destroy();
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            String out = Kubectl.collect(p).out();
            KubectlTable table = KubectlTable.parse(out);
            assertThat(table.header()).as(out).containsExactly("NAME", "READY", "AGE");
            assertThat(table.rows()).as("one header, then one row per object\n" + out).hasSize(2);
            assertThat(table.row("NAME", "db")).containsExactly("db", "1/3", "10d");
            assertThat(table.row("NAME", "cache")).containsExactly("cache", "0/2", "10d");
        }

        private void jobs() throws Exception {
            String[] header = minor >= 30 ? new String[] {"NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"}
                    : new String[] {"NAME", "COMPLETIONS", "DURATION", "AGE"};
            List<String> a = new ArrayList<>(List.of("3/3", "25s", "10d", "work", "busybox:1.36", "job=batch-a"));
            List<String> b = new ArrayList<>(List.of("0/1 of 4", "", "10d", "work", "busybox:1.36", "job=batch-b"));
            if (minor >= 30) {
                a.add(0, "Complete");
                b.add(0, "Running");
            }
            check("jobs", header, new String[] {"CONTAINERS", "IMAGES", "SELECTOR"},
                    Map.of("batch-a", a, "batch-b", b));
        }

        private void cronJobs() throws Exception {
            boolean zone = minor >= 30;
            String[] header = zone
                    ? new String[] {"NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"}
                    : new String[] {"NAME", "SCHEDULE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"};
            List<String> nightly = new ArrayList<>(List.of("0 3 * * *", "False", "1", "3d", "10d", "work",
                    "busybox:1.36", "<none>"));
            List<String> hourly = new ArrayList<>(List.of("@hourly", "True", "0", "<none>", "10d", "work",
                    "busybox:1.36", "<none>"));
            if (zone) {
                nightly.add(1, "Europe/Berlin");
                hourly.add(1, "<none>");
            }
            check("cronjobs", header, new String[] {"CONTAINERS", "IMAGES", "SELECTOR"},
                    Map.of("nightly", nightly, "hourly", hourly));
        }

        private void storage() throws Exception {
            boolean vac = minor >= 29;
            List<String> pvHeader = new ArrayList<>(List.of("NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY",
                    "STATUS", "CLAIM", "STORAGECLASS", "REASON", "AGE"));
            List<String> pv = new ArrayList<>(List.of("10Gi", "RWO,ROX", "Retain", "Bound", "default/data", "fast",
                    "", "10d", "Filesystem"));
            List<String> pvcHeader = new ArrayList<>(List.of("NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES",
                    "STORAGECLASS", "AGE"));
            List<String> data = new ArrayList<>(List.of("Bound", "pv-1", "10Gi", "RWO", "fast", "10d",
                    "Filesystem"));
            List<String> pending = new ArrayList<>(List.of("Pending", "", "", "", "fast", "10d", "Block"));
            if (vac) {
                pvHeader.add(7, "VOLUMEATTRIBUTESCLASS");
                pv.add(6, "<unset>");
                pvcHeader.add(6, "VOLUMEATTRIBUTESCLASS");
                data.add(5, "<unset>");
                pending.add(5, "<unset>");
            }
            check("persistentvolumes", pvHeader.toArray(String[]::new), new String[] {"VOLUMEMODE"},
                    Map.of("pv-1", pv));
            check("persistentvolumeclaims", pvcHeader.toArray(String[]::new), new String[] {"VOLUMEMODE"},
                    Map.of("data", data, "pending-claim", pending));
            check("storageclasses", new String[] {"NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION", "AGE"}, new String[0],
                    Map.of("fast (default)", row("example.com/csi", "Delete", "WaitForFirstConsumer", "true", "10d")));
        }

        private void rbac() throws Exception {
            check("roles", new String[] {"NAME", "CREATED AT"}, new String[0],
                    Map.of("reader", row(createdAt("rbac.authorization.k8s.io", "roles", "default", "reader"))));
            check("clusterroles", new String[] {"NAME", "CREATED AT"}, new String[0],
                    Map.of("viewer", row(createdAt("rbac.authorization.k8s.io", "clusterroles", "", "viewer"))));
            check("rolebindings", new String[] {"NAME", "ROLE", "AGE"},
                    new String[] {"USERS", "GROUPS", "SERVICEACCOUNTS"},
                    Map.of("read-all", row("Role/reader", "10d", "alice, bob", "devs", "default/ci")));
            check("clusterrolebindings", new String[] {"NAME", "ROLE", "AGE"},
                    new String[] {"USERS", "GROUPS", "SERVICEACCOUNTS"},
                    Map.of("crb", row("ClusterRole/viewer", "10d", "", "system:authenticated", "")));
        }

        private void quotas() throws Exception {
            // the status is the fake's quota controller's: the four pods of the fixtures, none with requests
            String request = "pods: 4/10, requests.cpu: 0/2";
            String limit = "limits.memory: 0/4Gi";
            if (minor >= 33) {
                check("resourcequotas", new String[] {"NAME", "REQUEST", "LIMIT", "AGE"}, new String[0],
                        Map.of("q", row(request, limit, "10d")));
            } else {
                check("resourcequotas", new String[] {"NAME", "AGE", "REQUEST", "LIMIT"}, new String[0],
                        Map.of("q", row("10d", request, limit)));
            }
            check("limitranges", new String[] {"NAME", "CREATED AT"}, new String[0],
                    Map.of("limits", row(createdAt("", "limitranges", "default", "limits"))));
        }

        private void customResources() throws Exception {
            check("customresourcedefinitions", new String[] {"NAME", "CREATED AT"}, new String[0],
                    Map.of("widgets.example.com", row(createdAt("apiextensions.k8s.io", "customresourcedefinitions",
                            "", "widgets.example.com"))));
            check("widgets", "NAME", new String[] {"NAME", "SIZE", "AGE"}, new String[] {"NAME", "SIZE", "COLOR", "AGE"},
                    Map.of("w1", row("3", "10d")), Map.of("w1", row("3", "blue", "10d")));
        }

        /** Checks a kind whose rows are keyed by NAME; the wide view appends {@code wideHeader} columns. */
        private void check(String resource, String[] header, String[] wideHeader, Map<String, List<String>> rows)
                throws Exception {
            int narrow = header.length - 1;
            Map<String, List<String>> narrowRows = new LinkedHashMap<>();
            rows.forEach((k, v) -> narrowRows.put(k, v.subList(0, narrow)));
            List<String> wide = new ArrayList<>(List.of(header));
            wide.addAll(List.of(wideHeader));
            Map<String, List<String>> wideRows = new LinkedHashMap<>();
            rows.forEach((k, v) -> wideRows.put(k, v));
            checkTable(resource, "NAME", List.of(header), narrowRows, false);
            checkTable(resource, "NAME", wide, wideRows, true);
        }

        /** Checks a kind keyed by {@code keyColumn}, with separate expectations for the wide view. */
        private void check(String resource, String keyColumn, String[] header, String[] wideHeader,
                           Map<String, List<String>> rows, Map<String, List<String>> wideRows) throws Exception {
            checkTable(resource, keyColumn, List.of(header), rows, false);
            checkTable(resource, keyColumn, List.of(wideHeader), wideRows, true);
        }

        private void checkTable(String resource, String keyColumn, List<String> header,
                                Map<String, List<String>> rows, boolean wide) throws Exception {
            Kubectl.Result r = wide ? ok("get", resource, "-o", "wide") : ok("get", resource);
            KubectlTable table = KubectlTable.parse(r.out());
            String what = "kubectl 1." + minor + " get " + resource + (wide ? " -o wide" : "") + "\n" + r.out();
            assertThat(table.header()).as(what).containsExactlyElementsOf(header);
            rows.forEach((name, cells) -> {
                List<String> expected = new ArrayList<>(cells);
                if (keyColumn.equals("NAME")) {
                    expected.add(0, name);
                }
                assertThat(table.row(keyColumn, name)).as(what).containsExactlyElementsOf(expected);
            });
        }

        private static List<String> row(String... cells) {
            return Arrays.asList(cells);
        }

        private String createdAt(String group, String plural, String namespace, String name) {
            String version = "v1";
            Object ts = ((Map<?, ?>) kube().get(kube().type(group, version, plural), namespace, name)
                    .get("metadata")).get("creationTimestamp");
            return String.valueOf(ts);
        }

        private String ago(Duration d) {
            return now.minus(d).toString();
        }

        private FakeKube kube() {
            return session.server().kube();
        }
    }
}
