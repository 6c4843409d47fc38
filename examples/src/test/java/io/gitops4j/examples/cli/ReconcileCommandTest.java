package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.git.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gitops4j reconcile} in process against a fake API server over HTTP. */
class ReconcileCommandTest {
    private static final String CANARY = "CANARY-SECRET-reconcile-7f3a";

    @TempDir
    Path dir;

    private FakeApiServer server;

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void write(String file, String yaml) throws Exception {
        Files.writeString(dir.resolve(file), yaml);
    }

    private static String configMap(String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: shop\ndata:\n  value: \""
                + value + "\"\n";
    }

    private CliRun reconcile(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("reconcile", "--kubeconfig",
                server.kubeconfig().toString(), "--dir", dir.toString(), "--app", "shop"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private void shopNamespace() throws Exception {
        write("00-namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    }

    @Test
    @DisplayName("create, update, prune, then a no-op pass: one line per object, a summary with the requests the "
            + "server answered, exit 0")
    void createUpdatePruneNoop() throws Exception {
        shopNamespace();
        write("a.yaml", configMap("settings", "1"));
        write("b.yaml", configMap("extra", "1"));
        write("c.yaml", configMap("other", "1")); // so one prune of five objects stays under the guard's 25 %
        write("d.yaml", configMap("more", "1"));

        CliRun created = reconcile();

        assertThat(created.exit()).as(created.all()).isZero();
        assertThat(created.out()).containsPattern("(?m)^created +Namespace +shop +health HEALTHY$")
                .containsPattern("(?m)^created +ConfigMap +shop/settings +health HEALTHY$");
        String summary = lastLine(created.out());
        assertThat(summary).startsWith("SYNCED shop at local@").contains(": created 5; ");
        // the requests the summary counted on the client are those the server answered (watches, which run on
        // until the reconciler closes, aside); the server logs discovery's GETs as get
        Map<String, Long> counted = requestsOf(summary);
        Map<String, Long> served = server.requests().countsByVerb();
        assertThat(counted.get("patch")).isEqualTo(5).isEqualTo(served.get("patch"));
        assertThat(counted.get("create")).isEqualTo(served.get("create")); // the inventory
        assertThat(counted.get("update")).isEqualTo(served.get("update"));
        assertThat(counted.get("get") + counted.get("discovery")).isEqualTo(served.get("get"));

        write("a.yaml", configMap("settings", "2"));
        Files.delete(dir.resolve("b.yaml"));
        server.requests().clear();
        CliRun updated = reconcile();

        assertThat(updated.exit()).as(updated.all()).isZero();
        assertThat(updated.out()).containsPattern("(?m)^configured +ConfigMap +shop/settings +changed \\.data\\.value"
                + " +health HEALTHY$").containsPattern("(?m)^deleted +ConfigMap +shop/extra$")
                .containsPattern("(?m)^unchanged +Namespace +shop +health HEALTHY$");
        assertThat(lastLine(updated.out())).contains(": unchanged 3, configured 1, deleted 1; ");
        assertThat(live("extra")).isEmpty();

        server.requests().clear();
        CliRun noop = reconcile();

        assertThat(noop.exit()).as(noop.all()).isZero();
        assertThat(lastLine(noop.out())).contains(": unchanged 4; ");
        assertThat(server.requests().writes()).as("a no-op pass writes nothing").isEmpty();
    }

    @Test
    @DisplayName("PR-01 a render of zero objects while the Application owns objects: BLOCKED, exit 3, nothing deleted")
    void emptyRenderIsBlocked() throws Exception {
        shopNamespace();
        write("a.yaml", configMap("settings", "1"));
        assertThat(reconcile().exit()).isZero();
        Files.delete(dir.resolve("a.yaml"));
        Files.delete(dir.resolve("00-namespace.yaml"));
        server.requests().clear();

        CliRun blocked = reconcile();

        assertThat(blocked.exit()).as(blocked.all()).isEqualTo(3);
        assertThat(lastLine(blocked.out())).startsWith("BLOCKED shop at ");
        assertThat(blocked.err()).startsWith("error: GUARD BLOCKED: ").hasLineCount(1);
        assertThat(server.requests().writes()).isEmpty();
        assertThat(live("settings")).isPresent();
    }

    @Test
    @DisplayName("PR-03 a prune of more than half the objects is held (exit 3, nothing deleted) until --confirm-prune")
    void heldPruneNeedsConfirmation() throws Exception {
        shopNamespace();
        for (int i = 0; i < 4; i++) {
            write("cm-" + i + ".yaml", configMap("cm-" + i, "1"));
        }
        assertThat(reconcile().exit()).isZero();
        for (int i = 1; i < 4; i++) {
            Files.delete(dir.resolve("cm-" + i + ".yaml"));
        }

        CliRun held = reconcile();

        assertThat(held.exit()).as(held.all()).isEqualTo(3);
        assertThat(held.out()).contains("HOLD_PRUNE by ");
        assertThat(held.err()).contains("--confirm-prune");
        assertThat(live("cm-3")).isPresent();

        CliRun confirmed = reconcile("--confirm-prune");

        assertThat(confirmed.exit()).as(confirmed.all()).isZero();
        assertThat(confirmed.out()).containsPattern("(?m)^deleted +ConfigMap +shop/cm-3$");
        assertThat(live("cm-3")).isEmpty();
    }

    @Test
    @DisplayName("--plan prints the planned actions and writes nothing, exit 0; --no-prune keeps what left Git")
    void planAndNoPrune() throws Exception {
        shopNamespace();
        write("a.yaml", configMap("settings", "1"));
        write("b.yaml", configMap("extra", "1"));
        write("c.yaml", configMap("other", "1"));
        write("d.yaml", configMap("more", "1")); // so one prune of five objects stays under the guard's 25 %
        assertThat(reconcile().exit()).isZero();
        write("a.yaml", configMap("settings", "2"));
        Files.delete(dir.resolve("b.yaml"));
        server.requests().clear();

        CliRun plan = reconcile("--plan");

        assertThat(plan.exit()).as(plan.all()).isZero();
        assertThat(plan.out()).containsPattern("(?m)^update +ConfigMap +shop/settings +changed \\.data\\.value$")
                .containsPattern("(?m)^prune +ConfigMap +shop/extra$");
        assertThat(lastLine(plan.out())).startsWith("PLAN shop at local@");
        assertThat(server.requests().writes()).isEmpty();

        CliRun kept = reconcile("--no-prune");

        assertThat(kept.exit()).as(kept.all()).isZero();
        assertThat(kept.out()).containsPattern("(?m)^skipped +ConfigMap +shop/extra +\\(prune disabled\\)$");
        assertThat(lastLine(kept.out())).startsWith("OUT_OF_SYNC shop at ");
        assertThat(live("extra")).isPresent();
        assertThat(live("settings").orElseThrow().toString()).contains("2");
    }

    @Test
    @DisplayName("DA-06 --dry-run-first: an admission webhook refusing one object of three fails the pass (exit 1) "
            + "naming it and its message, with nothing written; once allowed, the pass creates all three")
    void dryRunFirstWritesNothingWhenOneObjectIsRefused() throws Exception {
        shopNamespace();
        assertThat(reconcile().exit()).isZero();
        write("a.yaml", configMap("settings", "1"));
        write("b.yaml", configMap("extra", "1"));
        write("c.yaml", configMap("other", "1"));
        FaultRule webhook = Faults.of(server.kube()).on(Verb.PATCH).resource("configmaps").name("extra")
                .inject(Fault.admissionDenied("policy.acme.io", "extra is not allowed in shop"));
        server.requests().clear();

        CliRun refused = reconcile("--dry-run-first");

        assertThat(refused.exit()).as(refused.all()).isEqualTo(1);
        assertThat(refused.all()).contains("shop/extra").contains("extra is not allowed in shop");
        assertThat(server.requests().writes()).as("only dry runs, no inventory either").hasSize(3)
                .allSatisfy(r -> assertThat(r.query()).contains("dryRun=All"));
        assertThat(live("settings")).isEmpty();
        assertThat(live("other")).isEmpty();

        webhook.clear();
        CliRun allowed = reconcile("--dry-run-first");

        assertThat(allowed.exit()).as(allowed.all()).isZero();
        assertThat(lastLine(allowed.out())).startsWith("SYNCED shop at ").contains("created 3");
        assertThat(live("extra")).isPresent();
    }

    @Test
    @DisplayName("DA-11 -o json: the result as one JSON document; a Secret's value appears in no output")
    void jsonAndNoSecretValues() throws Exception {
        shopNamespace();
        write("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n"
                + "  password: " + CANARY + "-1\n");
        CliRun first = reconcile("-o", "json");
        write("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n"
                + "  password: " + CANARY + "-2\n");
        CliRun changed = reconcile("-o", "json");
        CliRun text = reconcile("--plan");

        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(changed.exit()).as(changed.all()).isZero();
        JsonNode json = new ObjectMapper().readTree(changed.out());
        assertThat(json.get("outcome").asText()).isEqualTo("SYNCED");
        assertThat(json.get("application").asText()).isEqualTo("shop");
        JsonNode secret = json.get("objects").get(1);
        assertThat(secret.get("kind").asText()).isEqualTo("Secret");
        assertThat(secret.get("outcome").asText()).isEqualTo("CONFIGURED");
        assertThat(json.get("requests").get("total").asLong()).isPositive();
        for (CliRun r : List.of(first, changed, text)) {
            assertThat(r.all()).doesNotContain(CANARY);
        }
    }

    @Test
    @DisplayName("--repo: a Git repository's path at a ref, the revision in the summary")
    void gitRepository() throws Exception {
        try (GitFixtures git = GitFixtures.create()) {
            TestRepo repo = git.repo("deploy");
            String commit = repo.commit("shop").add("envs/prod/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n"
                    + "  name: shop\n").add("envs/prod/cm.yaml", configMap("settings", "1")).create();

            CliRun run = CliRun.of("reconcile", "--kubeconfig", server.kubeconfig().toString(), "--repo",
                    repo.fileUrl(), "--ref", "main", "--path", "envs/prod");

            assertThat(run.exit()).as(run.all()).isZero();
            assertThat(lastLine(run.out())).startsWith("SYNCED prod at refs/heads/main@" + commit.substring(0, 12));
            assertThat(live("settings")).isPresent();
        }
    }

    @Test
    @DisplayName("a kubeconfig that cannot be read: exit 1, one line naming the file by its name only")
    void badKubeconfig() throws Exception {
        Path broken = dir.resolve("broken-kubeconfig");
        Files.writeString(broken, "clusters: [\n");
        write("a.yaml", configMap("settings", "1"));

        CliRun run = CliRun.of("reconcile", "--kubeconfig", broken.toString(), "--dir", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: kubeconfig broken-kubeconfig: ").hasLineCount(1)
                .doesNotContain(dir.toString());
    }

    @Test
    @DisplayName("a Git token file that cannot be read: exit 1, one line without its path, no request sent")
    void unreadableTokenFile() {
        Path missing = dir.resolve("nowhere").resolve("token");

        CliRun run = CliRun.of("reconcile", "--kubeconfig", server.kubeconfig().toString(), "--repo",
                "https://git.example.com/acme/deploy.git", "--token-file", missing.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot read a Git credentials file (NoSuchFileException)\n");
        assertThat(run.all()).doesNotContain(dir.toString());
        assertThat(server.requests().total()).isZero();
    }

    @Test
    @DisplayName("bad usage exits 2: both or neither of --repo and --dir, an unknown -o, --no-prune with "
            + "--confirm-prune, a field manager kubectl uses")
    void badUsage() {
        String kc = server.kubeconfig().toString();
        String d = dir.toString();
        for (String[] args : List.of(new String[] {"reconcile", "--kubeconfig", kc},
                new String[] {"reconcile", "--kubeconfig", kc, "--dir", d, "--repo", "file:///x"},
                new String[] {"reconcile", "--kubeconfig", kc, "--dir", d, "-o", "yaml"},
                new String[] {"reconcile", "--kubeconfig", kc, "--dir", d, "--no-prune", "--confirm-prune"},
                new String[] {"reconcile", "--kubeconfig", kc, "--dir", d, "--field-manager", "kubectl"},
                new String[] {"reconcile", "--kubeconfig", kc, "--dir", d, "--app", "Not_A_Label"})) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.all()).isEqualTo(2);
        }
        assertThat(server.requests().total()).isZero();
    }

    @Test
    void theDefaultNameIsTheLastNameOfThePathOrSource() {
        assertThat(ApplicationNames.derive("envs/Prod_EU/", "https://git.example/acme/deploy.git"))
                .isEqualTo("prod-eu");
        assertThat(ApplicationNames.derive("", "https://git.example/acme/deploy.git")).isEqualTo("deploy");
        assertThat(ApplicationNames.derive("", "git@git.example:acme/shop-deploy.git")).isEqualTo("shop-deploy");
        assertThat(ApplicationNames.derive(".", "my dir")).isEqualTo("my-dir");
        assertThat(ApplicationNames.derive("", "___")).isEqualTo("app");
    }

    private Optional<Map<String, Object>> live(String name) {
        try {
            return Optional.of(server.kube().get(server.kube().typeOf("v1", "ConfigMap"), "shop", name));
        } catch (FakeKubeException e) {
            return Optional.empty();
        }
    }

    /** @return the requests per verb of a summary line: {@code ... N API requests (get 5, patch 3, ...)} */
    private static Map<String, Long> requestsOf(String summary) {
        Map<String, Long> counts = new java.util.HashMap<>();
        String inside = summary.substring(summary.lastIndexOf('(') + 1, summary.lastIndexOf(')'));
        for (String part : inside.split(", ")) {
            String[] verbAndCount = part.split(" ");
            counts.put(verbAndCount[0], Long.parseLong(verbAndCount[1]));
        }
        return counts;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
