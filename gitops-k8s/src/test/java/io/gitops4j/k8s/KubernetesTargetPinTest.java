package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A rollback pin outlives the host (EN-21) on {@link KubernetesTarget} over HTTP: host A pins Application {@code shop}
 * and goes away; host B — a new target and reconciler on the same fake API server, as after a restart or a failover —
 * reads the pin from the cluster before its first pass and keeps the pinned commit, or, when the pin cannot be read,
 * keeps the Application held until an unpin. The server's request log shows each pin request.
 */
class KubernetesTargetPinTest {
    private static final String PIN_PATH = "/api/v1/namespaces/default/configmaps/gitops4j-pin-shop";

    private final GitFixtures git = GitFixtures.create();
    private final TestRepo repo = git.repo("deploy");
    private final GitSource source = GitSource.builder().build();
    private final FakeApiServer server = FakeApiServer.start();
    private String first;
    private String second;
    private Pin pinnedByA;
    private KubernetesTarget targetA;
    private Reconciler hostA;
    private KubernetesTarget targetB;
    private Reconciler hostB;

    @BeforeEach
    void hostAPinsTheFirstCommit() throws Exception {
        var kube = server.kube();
        kube.create(kube.type("", "v1", "namespaces"), "", new HashMap<>(Map.of("metadata", Map.of("name", "shop"))),
                WriteOptions.defaults());
        first = commit("1");
        targetA = Fixtures.target(server);
        hostA = host(targetA);
        assertThat(hostA.reconcileNow("shop").get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
        second = commit("2");
        assertThat(hostA.reconcileNow("shop").get(60, TimeUnit.SECONDS).revision().orElseThrow().id())
                .isEqualTo(second);
        server.requests().clear();

        ReconcileResult rolledBack = hostA.pin("shop", Revision.ref(first), PinOptions.defaults()
                .withReason("2 breaks checkout")).get(60, TimeUnit.SECONDS);

        assertThat(rolledBack.revision().orElseThrow().id()).isEqualTo(first);
        assertThat(version()).isEqualTo("1");
        assertThat(server.requests().records(r -> r.resource().equals("configmaps") && r.verb().equals("create")))
                .as("the pin's write").singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(201));
        pinnedByA = hostA.status("shop").pin().orElseThrow();
        hostA.close();
        targetA.close();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {hostB, targetB, hostA, targetA, server, source, git}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
    }

    @Test
    @DisplayName("EN-21 a new host on the cluster reads the pin with one GET before its first pass and keeps the pinned commit; its unpin deletes the pin ConfigMap")
    void en21ANewHostKeepsThePin() throws Exception {
        Pin pin = pinnedByA;
        startHostB();

        ReconcileResult afterRestart = hostB.reconcileNow("shop").get(60, TimeUnit.SECONDS);

        assertThat(afterRestart.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(afterRestart.revision().orElseThrow().id()).as("the pinned commit, not main").isEqualTo(first);
        assertThat(version()).isEqualTo("1");
        assertThat(hostB.status("shop").pin()).contains(pin);
        assertThat(pinRequests()).extracting(RequestRecord::verb).containsExactly("get");

        assertThat(hostB.unpin("shop")).contains(pin);
        assertThat(pinRequests()).extracting(RequestRecord::verb).containsExactly("get", "delete");
        assertThat(hostB.reconcileNow("shop").get(60, TimeUnit.SECONDS).revision().orElseThrow().id())
                .isEqualTo(second);
        assertThat(version()).isEqualTo("2");
        assertThat(server.kube().list(configMaps(), "default", ListOptions.defaults()).items())
                .extracting(cm -> String.valueOf(((Map<?, ?>) cm.get("metadata")).get("name")))
                .doesNotContain("gitops4j-pin-shop");
    }

    @Test
    @DisplayName("EN-21 a pin ConfigMap that cannot be read holds the Application on the new host: passes fail in phase PIN with INVALID and write nothing; unpin deletes it")
    void en21ACorruptPinHoldsTheApplication() throws Exception {
        server.kube().patch(configMaps(), "default", "gitops4j-pin-shop", PatchType.MERGE,
                "{\"data\":{\"release\":\"SOMETIMES\"}}", WriteOptions.defaults());
        startHostB();

        ReconcileResult held = hostB.reconcileNow("shop").get(60, TimeUnit.SECONDS);

        assertThat(held.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(held.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.PIN);
            assertThat(f.reason()).isEqualTo(TargetException.Reason.INVALID);
            assertThat(f.message()).contains("pin of shop: unreadable: its field 'release'", "gitops4j-pin-shop",
                    "stays held").doesNotContain("SOMETIMES");
        });
        assertThat(server.requests().writes()).as("nothing written").isEmpty();
        assertThat(version()).isEqualTo("1");

        assertThat(hostB.unpin("shop")).isEmpty();
        assertThat(pinRequests()).extracting(RequestRecord::verb).endsWith("delete");
        assertThat(hostB.reconcileNow("shop").get(60, TimeUnit.SECONDS).revision().orElseThrow().id())
                .isEqualTo(second);
        assertThat(version()).isEqualTo("2");
    }

    @Test
    @DisplayName("EN-21 a pin the new host may not read (403) holds the Application with FORBIDDEN until it can be read; then the pin holds")
    void en21AForbiddenPinHoldsTheApplicationUntilReadable() throws Exception {
        Faults faults = Faults.of(server.kube());
        faults.on(Verb.GET).resource("configmaps").name("gitops4j-pin-shop").untilCleared()
                .inject(Fault.admissionDenied("rbac", "no", 403));
        startHostB();

        ReconcileResult held = hostB.reconcileNow("shop").get(60, TimeUnit.SECONDS);

        assertThat(held.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.PIN);
            assertThat(f.reason()).isEqualTo(TargetException.Reason.FORBIDDEN);
        });
        assertThat(version()).isEqualTo("1");

        faults.clear();
        ReconcileResult readable = hostB.reconcileNow("shop").get(60, TimeUnit.SECONDS);
        assertThat(readable.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(readable.revision().orElseThrow().id()).isEqualTo(first);
        assertThat(hostB.status("shop").pin()).isPresent();
    }

    private void startHostB() {
        targetB = Fixtures.target(server);
        hostB = host(targetB);
        server.requests().clear();
    }

    private Reconciler host(KubernetesTarget target) {
        Reconciler r = GitOps.reconciler().target(target).source(source).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
        r.register(Application.builder("shop").source(SourceSpec.git(git.daemon().url("deploy"), "main", "shop"))
                .targetNamespace("shop").syncPolicy(SyncPolicy.automated().withInterval(Duration.ofHours(1)))
                .build());
        return r;
    }

    private String commit(String version) {
        return repo.commit("v" + version).add("shop/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: settings\ndata:\n  version: \"" + version + "\"\n").create();
    }

    private List<RequestRecord> pinRequests() {
        return server.requests().records(r -> r.path().equals(PIN_PATH));
    }

    private ResourceType configMaps() {
        return server.kube().type("", "v1", "configmaps");
    }

    private Object version() {
        return ((Map<?, ?>) server.kube().get(configMaps(), "shop", "settings").get("data")).get("version");
    }
}
