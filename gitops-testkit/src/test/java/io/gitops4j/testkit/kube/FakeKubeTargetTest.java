package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.target.FieldOwnership;
import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakeKubeTargetTest {
    private static final GroupKind CONFIG_MAP = new GroupKind("", "ConfigMap");
    private static final WriteContext CONTEXT = WriteContext.of("test", 0);

    private final FakeKube kube = FakeKube.create();
    private final FakeKubeTarget target = new FakeKubeTarget(kube);

    @AfterEach
    void close() {
        target.close();
    }

    private static Manifest cm(String name, String value) {
        return Manifest.of(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name
                + ", namespace: default, labels: {app: demo}}\ndata: {a: '" + value + "'}"));
    }

    private ObjectResult apply(Manifest m, ApplyOptions options) {
        return target.applyAll(List.of(ApplyRequest.of(m)), options, CONTEXT).get(0);
    }

    private ObjectResult delete(ResourceKey key, Precondition expected) {
        return target.deleteAll(List.of(new DeleteRequest(key, expected)), DeleteOptions.defaults(), CONTEXT).get(0);
    }

    @Test
    void applyCreatesConfiguresAndLeavesAnUnchangedObjectAlone() {
        ObjectResult created = apply(cm("x", "1"), ApplyOptions.defaults());
        LiveObject first = created.object().orElseThrow();
        assertThat(created.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(first.uid()).isNotEmpty();
        assertThat(first.key()).isEqualTo(ResourceKey.of("v1", "ConfigMap", "default", "x"));

        ObjectResult same = apply(cm("x", "1"), ApplyOptions.defaults());
        assertThat(same.outcome()).isEqualTo(ObjectOutcome.UNCHANGED);
        assertThat(same.object().orElseThrow().resourceVersion()).isEqualTo(first.resourceVersion());

        ObjectResult changed = apply(cm("x", "2"), ApplyOptions.defaults());
        assertThat(changed.outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(target.view().get(first.key())).contains(changed.object().orElseThrow());
        assertThat(target.view().get(first.key().id())).contains(changed.object().orElseThrow());
        assertThat(target.view().get(ResourceKey.of("v1", "ConfigMap", "default", "missing"))).isEmpty();
    }

    @Test
    void aBatchFailsOnlyTheObjectsThatFailAndClassifiesThroughApiStatus() {
        apply(cm("x", "1"), ApplyOptions.defaults().withFieldManager("someone-else"));
        Manifest widget = Manifest.of(yaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, "
                + "namespace: default}"));
        Manifest elsewhere = Manifest.of(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: w, "
                + "namespace: nope}"));

        List<ObjectResult> results = target.applyAll(List.of(ApplyRequest.of(cm("x", "2")), ApplyRequest.of(widget),
                ApplyRequest.of(elsewhere), ApplyRequest.of(cm("y", "1"))), ApplyOptions.defaults(), CONTEXT);

        assertThat(results.get(0).failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(TargetException.Reason.CONFLICT);
            assertThat(f.message()).startsWith("ConfigMap default/x");
            assertThat(f.details()).containsExactly("conflict with \"someone-else\": .data.a");
        });
        assertThat(results.get(1).failure()).hasValueSatisfying(f ->
                assertThat(f.reason()).isEqualTo(TargetException.Reason.UNKNOWN_KIND));
        assertThat(results.get(2).failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(TargetException.Reason.NOT_FOUND);
            assertThat(f.message()).contains("namespaces \"nope\" not found");
        });
        assertThat(results.get(3).outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(apply(cm("x", "2"), ApplyOptions.defaults().withForce(true)).object().orElseThrow().manifest()
                .get("data", "a")).contains("2");
    }

    /** Lets {@code manager} merge-patch data.a of ConfigMap default/x with an update, as kubectl edit does. */
    private void editAs(String manager, String value) {
        kube.patch(kube.type("", "v1", "configmaps"), "default", "x", PatchType.MERGE,
                "{\"data\":{\"a\":\"" + value + "\"}}", WriteOptions.defaults().withFieldManager(manager));
    }

    @Test
    @DisplayName("DA-12 a value an imperative edit (kubectl edit) took is taken back with one forced apply, as the "
            + "Kubernetes target does")
    void da12AnImperativeEditIsTakenBack() {
        apply(cm("x", "1"), ApplyOptions.defaults());
        editAs("kubectl-edit", "9");
        List<String> commits = new CopyOnWriteArrayList<>();
        kube.addObserver((type, event) -> commits.add(event.type().toString()));

        ObjectResult r = apply(cm("x", "1"), ApplyOptions.defaults());

        assertThat(r.outcome()).as("%s", r.failure()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(r.object().orElseThrow().manifest().get("data", "a")).contains("1");
        assertThat(commits).as("one write").containsExactly("MODIFIED");
        assertThat(r.object().orElseThrow().manifest().metadata().get("managedFields")).asString()
                .doesNotContain("kubectl-edit");
    }

    @Test
    @DisplayName("DA-12 DA-01 a controller's update and another applier's field are not taken: CONFLICT naming the "
            + "manager; with reclaiming off an imperative edit is a CONFLICT too")
    void da12OthersFieldsAreNotTaken() {
        apply(cm("x", "1"), ApplyOptions.defaults());
        editAs("kube-controller-manager", "9");
        assertThat(apply(cm("x", "1"), ApplyOptions.defaults()).failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(TargetException.Reason.CONFLICT);
            assertThat(f.details()).singleElement().asString().contains("\"kube-controller-manager\"", ".data.a");
        });

        apply(cm("x", "1"), ApplyOptions.defaults().withForce(true));
        assertThat(apply(cm("x", "2"), ApplyOptions.defaults().withFieldManager("other-tool").withForce(true))
                .outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(apply(cm("x", "1"), ApplyOptions.defaults()).failure()).hasValueSatisfying(f ->
                assertThat(f.details()).singleElement().asString().contains("\"other-tool\""));

        try (FakeKubeTarget strict = new FakeKubeTarget(kube, FakeKubeTarget.Options.defaults()
                .withOwnership(FieldOwnership.defaults().withReclaimImperativeEdits(false)))) {
            strict.applyAll(List.of(ApplyRequest.of(cm("y", "1"))), ApplyOptions.defaults(), CONTEXT);
            kube.patch(kube.type("", "v1", "configmaps"), "default", "y", PatchType.MERGE, "{\"data\":{\"a\":\"9\"}}",
                    WriteOptions.defaults().withFieldManager("kubectl-edit"));
            ObjectResult r = strict.applyAll(List.of(ApplyRequest.of(cm("y", "1"))), ApplyOptions.defaults(), CONTEXT)
                    .get(0);
            assertThat(r.failure()).hasValueSatisfying(f ->
                    assertThat(f.reason()).isEqualTo(TargetException.Reason.CONFLICT));
        }
    }

    @Test
    void anImmutableFieldIsItsOwnReasonWithThePath() {
        String job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: m, namespace: default}\nspec:\n  template:\n"
                + "    spec: {restartPolicy: Never, containers: [{name: m, image: '%s'}]}";
        apply(Manifest.of(yaml(job.formatted("m:1"))), ApplyOptions.defaults());

        assertThat(apply(Manifest.of(yaml(job.formatted("m:2"))), ApplyOptions.defaults()).failure())
                .hasValueSatisfying(f -> {
                    assertThat(f.reason()).isEqualTo(TargetException.Reason.IMMUTABLE);
                    assertThat(f.details()).containsExactly("spec.template");
                    assertThat(f.message()).contains("field is immutable");
                });
    }

    @Test
    void preconditionsGuardAppliesAndDeletes() {
        LiveObject x = apply(cm("x", "1"), ApplyOptions.defaults()).object().orElseThrow();
        ObjectResult wrongUid = target.applyAll(List.of(new ApplyRequest(cm("x", "2"), Precondition.uid("other"))),
                ApplyOptions.defaults(), CONTEXT).get(0);
        assertThat(wrongUid.failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(TargetException.Reason.STALE);
            assertThat(f.message()).contains("UID in precondition: other");
        });
        ObjectResult staleVersion = target.applyAll(List.of(new ApplyRequest(cm("x", "2"), new Precondition(x.uid(),
                "1"))), ApplyOptions.defaults(), CONTEXT).get(0);
        assertThat(staleVersion.failure()).hasValueSatisfying(f ->
                assertThat(f.reason()).isEqualTo(TargetException.Reason.STALE));
        assertThat(target.applyAll(List.of(new ApplyRequest(cm("x", "2"), Precondition.of(x))),
                ApplyOptions.defaults(), CONTEXT).get(0).outcome()).isEqualTo(ObjectOutcome.CONFIGURED);

        assertThat(delete(x.key(), Precondition.uid("other")).failure()).hasValueSatisfying(f ->
                assertThat(f.reason()).isEqualTo(TargetException.Reason.STALE));
        assertThat(delete(x.key(), Precondition.uid(x.uid())).outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(delete(x.key(), Precondition.none()).outcome()).isEqualTo(ObjectOutcome.SKIPPED);
    }

    @Test
    void listSelectsByLabelAndDeletesCollectGarbage() {
        LiveObject owner = apply(cm("owner", "1"), ApplyOptions.defaults()).object().orElseThrow();
        apply(Manifest.of(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: child, namespace: default, "
                + "ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: " + owner.uid() + "}]}")),
                ApplyOptions.defaults());
        assertThat(target.view().list(CONFIG_MAP, "default", Map.of("app", "demo")))
                .extracting(o -> o.key().name()).containsExactly("owner");
        delete(owner.key(), Precondition.uid(owner.uid()));
        assertThat(target.view().get(ResourceKey.of("v1", "ConfigMap", "default", "child")))
                .as("garbage collected").isEmpty();
    }

    @Test
    void kindsAndTheServerVersionComeFromTheFake() {
        var hpa = target.view().kind(new GroupKind("autoscaling", "HorizontalPodAutoscaler")).orElseThrow();
        assertThat(hpa.versions()).containsExactly("v2", "v1");
        assertThat(hpa.namespaced()).isTrue();
        assertThat(hpa.resource()).isEqualTo("horizontalpodautoscalers");
        assertThat(target.view().kind(new GroupKind("", "Namespace")).orElseThrow().namespaced()).isFalse();
        assertThat(target.view().kind(new GroupKind("example.com", "Widget"))).isEmpty();
        assertThat(target.view().kinds()).extracting(k -> k.kind()).contains(CONFIG_MAP)
                .doesNotHaveDuplicates();
        assertThat(target.view().serverVersion().orElseThrow().majorMinor()).isEqualTo("1.33");
        assertThat(new FakeKubeTarget(kube, FakeKubeTarget.Options.defaults().withKubernetesMinor(29)).view()
                .serverVersion().orElseThrow().majorMinor()).isEqualTo("1.29");
    }

    @Test
    void theChangeFeedDeliversChangesInOrderAndMarksOwnWrites() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable handle = target.view().watch(Set.of(CONFIG_MAP), e -> seen.add(e.type() + " "
                + e.object().orElseThrow().key().name() + (e.ownWrite() ? " (own)" : "")))) {
            apply(cm("x", "1"), ApplyOptions.defaults());
            kube.patch(kube.type("", "v1", "configmaps"), "default", "x", PatchType.MERGE,
                    "{\"data\":{\"a\":\"edited\"}}", WriteOptions.defaults().withFieldManager("kubectl-edit"));
            delete(ResourceKey.of("v1", "ConfigMap", "default", "x"), Precondition.none());
            await(seen, s -> s.size() >= 3);
            assertThat(seen).containsExactly("ADDED x (own)", "MODIFIED x", "DELETED x (own)");
        }
    }

    @Test
    void aWatchThatExpiresIsResumedAndAResyncIsReported() throws Exception {
        FakeKubeTarget expiring = new FakeKubeTarget(kube, FakeKubeTarget.Options.defaults()
                .withWatchTimeout(Duration.ofSeconds(1)));
        List<ChangeEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable handle = expiring.view().watch(Set.of(CONFIG_MAP), seen::add)) {
            expiring.applyAll(List.of(ApplyRequest.of(cm("x", "1"))), ApplyOptions.defaults(), CONTEXT);
            await(seen, s -> !s.isEmpty());
            apply(Manifest.of(yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}")),
                    ApplyOptions.defaults());
            kube.compact(); // the watch's resourceVersion is gone from history when it resumes

            await(seen, s -> s.stream().anyMatch(e -> e.type() == ChangeEvent.Type.RESYNCED));
            apply(cm("y", "1"), ApplyOptions.defaults());
            await(seen, s -> s.stream().anyMatch(e -> e.object().map(o -> o.key().name().equals("y")).orElse(false)));

            assertThat(seen).extracting(e -> e.type() + " " + e.object().map(o -> o.key().name()).orElse("-"))
                    .containsExactly("ADDED x", "RESYNCED -", "ADDED y");
            assertThat(seen.get(1).kind()).isEqualTo(CONFIG_MAP);
        } finally {
            expiring.close();
        }
    }

    @Test
    void inventoriesHaveVersionsAndAStaleWriteStoresNothing() {
        assertThat(target.inventories().read("app")).isEmpty();
        Inventory inv = Inventory.empty("app").with(new ObjectId("", "ConfigMap", "default", "x"), "u1");
        StoredInventory first = target.inventories().write(inv, "");

        assertThatThrownBy(() -> target.inventories().write(Inventory.empty("app"), ""))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TargetException.Reason.STALE);
                    assertThat(e.getMessage()).startsWith("writing the inventory of app: ").endsWith("(HTTP 409, "
                            + "Conflict)");
                });
        assertThat(target.inventories().read("app")).contains(first);
        assertThat(target.inventories().write(inv, first.version())).as("unchanged: same version").isEqualTo(first);
        StoredInventory second = target.inventories().write(Inventory.empty("app"), first.version());
        assertThat(second.version()).isNotEqualTo(first.version());
    }

    @Test
    @DisplayName("PR-10 a damaged inventory reads as unreadable with its version, never as empty, until replaced")
    void aDamagedInventoryIsUnreadableUntilReplaced() {
        StoredInventory stored = target.inventories().write(Inventory.empty("app")
                .with(new ObjectId("", "ConfigMap", "default", "x"), "u1"), "");
        target.damageInventory("app");

        assertThatThrownBy(() -> target.inventories().read("app"))
                .isInstanceOfSatisfying(InventoryUnreadableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TargetException.Reason.INVALID);
                    assertThat(e.version()).isEqualTo(stored.version());
                });
        target.inventories().write(Inventory.empty("app"), stored.version());
        assertThat(target.inventories().read("app").orElseThrow().inventory()).isEqualTo(Inventory.empty("app"));
    }

    private static <T> void await(List<T> seen, Predicate<List<T>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(done.test(seen)).as("seen %s", seen).isTrue();
    }
}
