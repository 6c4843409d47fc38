package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.progress.ProgressEvent;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.DriftOptions;
import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.metrics.MicrometerMetrics;
import io.gitops4j.core.plan.format.PlanJson;
import io.gitops4j.core.plan.format.PlanText;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.HttpGitServer;
import io.gitops4j.testkit.git.SshGitServer;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.logging.RecordedLogs;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The canary rule (docs/reliability.md, EN-18): an engine run with canary secrets — a Git token over HTTP, an SSH
 * private key, Secret values — through KubernetesTarget and a FakeApiServer, with every log line of every level
 * recorded (the test logging backend), every result, failure, object report, drift, progress event, plan (text and
 * JSON), status, history and metric; then a search of all of it for each canary, in its plain and base64 forms.
 * Zero hits allowed.
 */
class CanaryScanIT extends OnFakeApiServer {
    private static final String TOKEN = "CANARY-TOKEN-" + UUID.randomUUID();
    private static final String SECRET_1 = "CANARY-SECRET-one-" + UUID.randomUUID();
    private static final String SECRET_2 = "CANARY-SECRET-two-" + UUID.randomUUID();
    private static final String SECRET_DRIFT = "CANARY-SECRET-drift-" + UUID.randomUUID();
    private static final String SECRET_LOCKED = "CANARY-SECRET-locked-" + UUID.randomUUID();
    private static final String SECRET_BAD_RENDER = "CANARY-SECRET-render-" + UUID.randomUUID();
    private static final String SECRET_SSH = "CANARY-SECRET-ssh-" + UUID.randomUUID();

    private final GitFixtures git = GitFixtures.create();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private Reconciler reconciler;

    @AfterEach
    void stop() {
        RecordedLogs.stop();
        if (reconciler != null) {
            reconciler.close();
        }
        git.close();
    }

    @Test
    @DisplayName("EN-18 canary secrets (Git token over HTTP, SSH key, Secret values) through create, change, drift, a "
            + "failing render, a failing apply, a refused token and prune: zero hits in logs, results, exceptions, "
            + "events, plans, diffs, status, history and metric tags")
    void en18CanaryScan() throws Exception {
        assertThat(RecordedLogs.active()).as("the recording logging backend is SLF4J's provider").isTrue();
        RecordedLogs.start();
        HttpGitServer http = git.http("alice", TOKEN);
        SshGitServer ssh = git.ssh();
        TestRepo repo = git.repo("canary");
        TestRepo sshRepo = git.repo("canary-ssh");
        repo.commit("first").add("app/secret.yaml", secret("app-secret", SECRET_1, false))
                .add("app/locked.yaml", secret("locked", SECRET_LOCKED, true))
                .add("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
                .create();
        sshRepo.commit("first").add("app/secret.yaml", secret("ssh-secret", SECRET_SSH, false)).create();
        String sshKey = new String(ssh.clientKey().privateKey(), StandardCharsets.UTF_8);
        AtomicReference<String> token = new AtomicReference<>(TOKEN);
        GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true)
                .credentials(url -> Optional.of(url.scheme().startsWith("http")
                        ? new GitCredential.UsernamePassword("alice", token.get())
                        : new GitCredential.SshKey(ssh.clientKey().privateKey(), null, ssh.knownHosts())))
                .build();
        server.kube().create(server.kube().type("", "v1", "namespaces"), "", java.util.Map.of("apiVersion", "v1",
                "kind", "Namespace", "metadata", java.util.Map.of("name", "shop")),
                io.gitops4j.testkit.kube.WriteOptions.defaults());
        reconciler = GitOps.reconciler().source(source).target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).drift(DriftOptions.defaults().withDebounce(Duration.ofMillis(200)))
                .build();
        reconciler.addListener(new MicrometerMetrics(metrics));
        reconciler.addListener(new ReconcileListener() {
            @Override
            public void onResult(ReconcileResult result) {
                seen.add(result);
            }

            @Override
            public void onProgress(ProgressEvent event) {
                seen.add(event);
            }
        });
        SyncPolicy policy = SyncPolicy.automated().withPrune(true).withPruneGuard(PruneGuard.unlimited())
                .withInterval(Duration.ofHours(1));
        reconciler.register(app("shop", SourceSpec.git(http.url("canary"), "main", "app"), policy));
        reconciler.register(app("shop-ssh", SourceSpec.git(ssh.url("canary-ssh"), "main", "app"), policy));

        // created (both transports)
        assertThat(reconcile("shop").outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(reconcile("shop-ssh").outcome()).isEqualTo(Outcome.SYNCED);
        // changed: a plan shown to people first, then applied
        repo.commit("change").add("app/secret.yaml", secret("app-secret", SECRET_2, false)).create();
        seen.add(PlanText.of(reconciler.plan("shop", Revision.ref("refs/heads/main"))));
        seen.add(PlanJson.of(reconciler.plan("shop", Revision.ref("refs/heads/main"))));
        ReconcileResult changed = reconcile("shop");
        assertThat(changed.keys(ObjectOutcome.CONFIGURED)).contains(secretKey("app-secret"));
        // drifted: another manager writes a canary value; the change feed starts a pass that corrects it
        Fixtures.editAs(server, "kubectl-edit", "v1", "secrets", "shop", "app-secret",
                "{\"data\":{\"password\":\"" + base64(SECRET_DRIFT) + "\"}}");
        ReconcileResult drift = awaitResult(r -> r.trigger() == Trigger.DRIFT && !r.drift().isEmpty());
        assertThat(drift.drift()).isNotEmpty();
        // a failing apply: the immutable Secret's data changed in Git
        repo.commit("locked change").add("app/locked.yaml", secret("locked", SECRET_2, true)).create();
        ReconcileResult failedApply = reconcile("shop");
        assertThat(failedApply.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failedApply.keys(ObjectOutcome.FAILED)).contains(secretKey("locked"));
        repo.commit("locked back").add("app/locked.yaml", secret("locked", SECRET_LOCKED, true)).create();
        // a failing render: a manifest that does not parse, holding a canary
        repo.commit("broken").add("app/broken.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: broken\n"
                + "stringData:\n  password: " + SECRET_BAD_RENDER + "\n  [\n").create();
        ReconcileResult failedRender = reconcile("shop");
        assertThat(failedRender.outcome()).isEqualTo(Outcome.FAILED);
        repo.commit("fixed").remove("app/broken.yaml").create();
        // a refused token: the vault hands out a revoked one
        token.set("CANARY-TOKEN-revoked-" + UUID.randomUUID());
        repo.commit("after revoke").add("app/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
                .create();
        ReconcileResult refused = reconcile("shop");
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        String revoked = token.getAndSet(TOKEN);
        // pruned
        repo.commit("prune").remove("app/secret.yaml").create();
        ReconcileResult pruned = reconcile("shop");
        assertThat(pruned.keys(ObjectOutcome.DELETED)).contains(secretKey("app-secret"));
        seen.add(reconciler.status("shop"));
        seen.add(reconciler.history("shop"));
        seen.add(reconciler.history("shop-ssh"));
        reconciler.close();
        source.close();
        RecordedLogs.stop();

        List<String> texts = new ArrayList<>();
        seen.forEach(o -> texts.add(String.valueOf(o)));
        for (Object o : seen) {
            if (o instanceof ReconcileResult r) {
                r.failure().ifPresent(f -> texts.add(f.message()));
                r.objects().forEach(report -> report.failure().ifPresent(f -> texts.add(f.toString())));
            }
        }
        RecordedLogs.lines().forEach(l -> texts.add(l.text()));
        for (Meter m : metrics.getMeters()) {
            texts.add(m.getId().toString());
        }
        assertThat(RecordedLogs.lines()).as("the scan saw the engine's logs").isNotEmpty();
        assertThat(seen).as("the scan saw results and events").hasSizeGreaterThan(50);

        List<String> canaries = new ArrayList<>(List.of(TOKEN, revoked, SECRET_1, SECRET_2, SECRET_DRIFT,
                SECRET_LOCKED, SECRET_BAD_RENDER, SECRET_SSH));
        for (String c : List.copyOf(canaries)) {
            canaries.add(base64(c));
        }
        for (String line : sshKey.split("\n")) {
            if (line.length() > 40 && !line.startsWith("-----")) {
                canaries.add(line);
            }
        }
        assertThat(hits(List.of("a diff: " + base64(SECRET_2), "a header: Basic " + TOKEN), canaries))
                .as("the search finds a planted canary").hasSize(2);
        assertThat(hits(texts, canaries)).as("canary hits among %d texts", texts.size()).isEmpty();
    }

    private static List<String> hits(List<String> texts, List<String> canaries) {
        List<String> hits = new ArrayList<>();
        for (String text : texts) {
            for (String canary : canaries) {
                if (text.contains(canary)) {
                    hits.add(canary.substring(0, Math.min(24, canary.length())) + "… in: "
                            + text.substring(0, Math.min(300, text.length())));
                }
            }
        }
        return hits;
    }

    private Application app(String name, SourceSpec spec, SyncPolicy policy) {
        return Application.builder(name).source(spec).targetNamespace("shop").syncPolicy(policy).build();
    }

    private ReconcileResult reconcile(String app) throws Exception {
        return reconciler.reconcileNow(app).get(2, TimeUnit.MINUTES);
    }

    private ReconcileResult awaitResult(java.util.function.Predicate<ReconcileResult> which) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Object o : seen) {
                if (o instanceof ReconcileResult r && which.test(r)) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such result within 30 s");
    }

    private static ResourceKey secretKey(String name) {
        return ResourceKey.of("v1", "Secret", "shop", name);
    }

    private static String secret(String name, String value, boolean immutable) {
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n" + (immutable ? "immutable: true\n" : "")
                + "data:\n  password: " + base64(value) + "\n";
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
