package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static io.gitops4j.k8s.Fixtures.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.server.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesTargetDeleteTest extends OnFakeApiServer {

    private LiveObject create(Manifest m) {
        return target.applyAll(List.of(ApplyRequest.of(m)), ApplyOptions.defaults(), context()).get(0).object()
                .orElseThrow();
    }

    private List<ObjectResult> delete(KubernetesTarget t, LiveObject... objects) {
        return t.deleteAll(List.of(objects).stream().map(o -> new DeleteRequest(o.key(), Precondition.uid(o.uid())))
                .toList(), DeleteOptions.defaults(), context());
    }

    private boolean exists(String name) {
        var kube = server.kube();
        try {
            kube.get(kube.type("", "v1", "configmaps"), "default", name);
            return true;
        } catch (FakeKubeException e) {
            return false;
        }
    }

    private LiveObject parentWithChild() {
        LiveObject parent = create(configMap("default", "parent", Map.of()));
        Manifest child = Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of(
                "name", "child", "namespace", "default", "ownerReferences", List.of(Map.of("apiVersion", "v1",
                        "kind", "ConfigMap", "name", "parent", "uid", parent.uid())))));
        create(child);
        return parent;
    }

    @Test
    void deletesWithTheUidPreconditionAndBackgroundPropagationByDefault() {
        LiveObject parent = parentWithChild();
        server.requests().clear();

        ObjectResult r = delete(target, parent).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(exists("parent")).isFalse();
        assertThat(exists("child")).isFalse();
        assertThat(server.requests().writes()).singleElement().satisfies(w -> {
            assertThat(w.method()).isEqualTo("DELETE");
            assertThat(w.path()).isEqualTo("/api/v1/namespaces/default/configmaps/parent");
        });
    }

    @Test
    void theBuilderPropagationWinsOverTheEngineOne() {
        LiveObject parent = parentWithChild();
        try (KubernetesTarget orphaning = Fixtures.builder(server).propagation(DeleteOptions.Propagation.ORPHAN)
                .build()) {
            assertThat(delete(orphaning, parent).get(0).outcome()).isEqualTo(ObjectOutcome.DELETED);
        }
        assertThat(exists("parent")).isFalse();
        assertThat(exists("child")).isTrue();
    }

    @Test
    @DisplayName("PR-05 a delete whose UID precondition fails (the object was re-created) is STALE and deletes nothing")
    void pr05RecreatedObjectIsNotDeleted() {
        LiveObject old = create(configMap("default", "s", Map.of("a", "1")));
        var kube = server.kube();
        kube.delete(kube.type("", "v1", "configmaps"), "default", "s",
                io.gitops4j.testkit.kube.DeleteOptions.defaults());
        create(configMap("default", "s", Map.of("a", "2")));

        ObjectResult r = delete(target, old).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.STALE);
        assertThat(r.failure().orElseThrow().message()).startsWith("ConfigMap default/s").contains("UID");
        assertThat(exists("s")).isTrue();
    }

    @Test
    @DisplayName("PR-07 an object held by a finalizer is DELETED (its deletion started) and stays until released")
    void pr07FinalizerHeldObjectIsDeletionStarted() {
        LiveObject held = create(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of(
                "name", "held", "namespace", "default", "finalizers", List.of("example.com/hold")))));

        ObjectResult r = delete(target, held).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.DELETED);
        var kube = server.kube();
        assertThat(kube.get(kube.type("", "v1", "configmaps"), "default", "held"))
                .extractingByKey("metadata").asString().contains("deletionTimestamp");
    }

    @Test
    @DisplayName("PR-07 a refused or failing delete is FAILED with its reason; the other deletes go ahead")
    void pr07FailedDeletesAreFailedResults() {
        LiveObject refused = create(configMap("default", "refused", Map.of()));
        LiveObject broken = create(configMap("default", "broken", Map.of()));
        LiveObject fine = create(configMap("default", "fine", Map.of()));
        Faults faults = Faults.of(server.kube());
        faults.on(Verb.DELETE).name("refused").inject(Fault.admissionDenied("guard", "protected object"));
        faults.on(Verb.DELETE).name("broken").inject(Fault.internalError());

        List<ObjectResult> results = target.deleteAll(List.of(refused, broken, fine).stream()
                .map(o -> new DeleteRequest(o.key(), Precondition.uid(o.uid()))).toList(), DeleteOptions.defaults(),
                io.gitops4j.api.target.WriteContext.of("shop", 2));

        assertThat(results).extracting(ObjectResult::outcome)
                .containsExactly(ObjectOutcome.FAILED, ObjectOutcome.FAILED, ObjectOutcome.DELETED);
        assertThat(results.get(0).failure().orElseThrow().reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(results.get(0).failure().orElseThrow().details().get(0))
                .isEqualTo("delete ConfigMap in namespace default");
        assertThat(results.get(1).failure().orElseThrow().reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(exists("refused")).isTrue();
        assertThat(exists("broken")).isTrue();
        assertThat(server.requests().records(rr -> rr.verb().equals("delete") && rr.path().endsWith("/broken")))
                .hasSize(3);
    }

    @Test
    @DisplayName("PR-11 a kind the server no longer serves is SKIPPED; the rest is deleted")
    void pr11KindNoLongerServedIsSkipped() {
        LiveObject cm = create(configMap("default", "cm", Map.of()));
        ResourceKey widget = ResourceKey.of("example.com/v1", "Widget", "default", "w");
        server.requests().clear();

        List<ObjectResult> results = target.deleteAll(List.of(new DeleteRequest(widget, Precondition.uid("u-1")),
                new DeleteRequest(cm.key(), Precondition.uid(cm.uid()))), DeleteOptions.defaults(), context());

        assertThat(results.get(0).outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(results.get(0).message()).isEqualTo("kind no longer served");
        assertThat(results.get(1).outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(server.requests().writes()).extracting(RequestRecord::path)
                .containsExactly("/api/v1/namespaces/default/configmaps/cm");
    }

    @Test
    void anObjectAlreadyGoneIsSkipped() {
        LiveObject cm = create(configMap("default", "cm", Map.of()));
        delete(target, cm);

        ObjectResult again = delete(target, cm).get(0);

        assertThat(again.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(again.message()).isEqualTo("already gone");
    }

    @Test
    void aDryRunDeletesNothing() {
        LiveObject cm = create(configMap("default", "cm", Map.of()));

        ObjectResult r = target.deleteAll(List.of(new DeleteRequest(cm.key(), Precondition.uid(cm.uid()))),
                DeleteOptions.defaults().withDryRun(true), context()).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(exists("cm")).isTrue();
    }
}
