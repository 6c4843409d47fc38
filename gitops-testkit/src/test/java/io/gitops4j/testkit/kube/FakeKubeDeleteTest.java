package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeKubeDeleteTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private final ResourceType deployments = kube.type("apps", "v1", "deployments");
    private final ResourceType replicaSets = kube.type("apps", "v1", "replicasets");
    private final ResourceType pods = kube.type("", "v1", "pods");
    private final ResourceType namespaces = kube.type("", "v1", "namespaces");

    private Map<String, Object> create(ResourceType type, String ns, String yamlText) {
        return kube.create(type, ns, yaml(yamlText), WriteOptions.defaults()).object();
    }

    private static String ownedBy(Map<String, Object> owner) {
        return "ownerReferences: [{apiVersion: " + owner.get("apiVersion") + ", kind: " + owner.get("kind")
                + ", name: " + str(owner, "metadata.name") + ", uid: " + str(owner, "metadata.uid")
                + ", controller: true, blockOwnerDeletion: true}]";
    }

    private boolean exists(ResourceType type, String ns, String name) {
        try {
            kube.get(type, ns, name);
            return true;
        } catch (FakeKubeException e) {
            assertThat(e.code()).isEqualTo(404);
            return false;
        }
    }

    /** deployment -> replicaset -> pod. */
    private Map<String, Object> chain() {
        Map<String, Object> d = create(deployments, "default", "metadata: {name: web}\nspec: {selector: "
                + "{matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: "
                + "[{name: c, image: i}]}}}");
        Map<String, Object> rs = create(replicaSets, "default", "metadata: {name: web-1, " + ownedBy(d) + "}\n"
                + "spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: "
                + "{containers: [{name: c, image: i}]}}}");
        create(pods, "default", "metadata: {name: web-1-a, " + ownedBy(rs) + "}\nspec: {containers: "
                + "[{name: c, image: i}]}");
        return d;
    }

    @Test
    void plainDeleteRemovesAndAnswersWithStatusSuccess() {
        Map<String, Object> cm = create(configMaps, "default", "metadata: {name: x}");
        DeleteResult r = kube.delete(configMaps, "default", "x", DeleteOptions.defaults());
        assertThat(r.removed()).isTrue();
        assertThat(r.body()).containsEntry("kind", "Status").containsEntry("status", "Success");
        assertThat(r.body().get("details")).isEqualTo(Map.of("name", "x", "kind", "configmaps", "uid",
                str(cm, "metadata.uid")));
        assertThat(exists(configMaps, "default", "x")).isFalse();
        assertThatThrownBy(() -> kube.delete(configMaps, "default", "x", DeleteOptions.defaults()))
                .hasMessage("configmaps \"x\" not found");
    }

    @Test
    void finalizersKeepTheObjectUntilTheLastIsRemoved() {
        create(configMaps, "default", "metadata: {name: x, finalizers: [a.example.com/one, a.example.com/two]}");
        DeleteResult r = kube.delete(configMaps, "default", "x", DeleteOptions.defaults());
        assertThat(r.removed()).isFalse();
        assertThat(str(r.body(), "metadata.deletionTimestamp")).isNotNull();
        Map<String, Object> held = kube.get(configMaps, "default", "x");
        assertThat(str(held, "metadata.deletionTimestamp")).isNotNull();
        assertThat(at(held, "metadata.deletionGracePeriodSeconds")).isEqualTo(0L);
        kube.patch(configMaps, "default", "x", PatchType.JSON,
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]", WriteOptions.defaults());
        assertThat(exists(configMaps, "default", "x")).isTrue();
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.JSON,
                "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"new\"}]", WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(422));
        kube.patch(configMaps, "default", "x", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}",
                WriteOptions.defaults());
        assertThat(exists(configMaps, "default", "x")).isFalse();
    }

    @Test
    void backgroundDeletionCollectsDependentsTransitively() {
        chain();
        kube.delete(deployments, "default", "web", DeleteOptions.defaults());
        assertThat(exists(deployments, "default", "web")).isFalse();
        assertThat(exists(replicaSets, "default", "web-1")).isFalse();
        assertThat(exists(pods, "default", "web-1-a")).isFalse();
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() {
        chain();
        kube.patch(pods, "default", "web-1-a", PatchType.MERGE, "{\"metadata\":{\"finalizers\":[\"hold\"]}}",
                WriteOptions.defaults());
        DeleteResult r = kube.delete(deployments, "default", "web",
                DeleteOptions.defaults().withPropagationPolicy(PropagationPolicy.FOREGROUND));
        assertThat(r.removed()).isFalse();
        assertThat(at(kube.get(deployments, "default", "web"), "metadata.finalizers"))
                .isEqualTo(List.of("foregroundDeletion"));
        assertThat(str(kube.get(pods, "default", "web-1-a"), "metadata.deletionTimestamp")).isNotNull();
        kube.patch(pods, "default", "web-1-a", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}",
                WriteOptions.defaults());
        assertThat(exists(pods, "default", "web-1-a")).isFalse();
        assertThat(exists(replicaSets, "default", "web-1")).isFalse();
        assertThat(exists(deployments, "default", "web")).isFalse();
    }

    @Test
    void foregroundWithoutDependentsCompletesAtOnce() {
        create(configMaps, "default", "metadata: {name: x}");
        DeleteResult r = kube.delete(configMaps, "default", "x",
                DeleteOptions.defaults().withPropagationPolicy(PropagationPolicy.FOREGROUND));
        assertThat(r.removed()).isTrue();
        assertThat(exists(configMaps, "default", "x")).isFalse();
    }

    @Test
    void orphanDeletionKeepsDependentsWithoutTheOwnerReference() {
        chain();
        kube.delete(deployments, "default", "web",
                DeleteOptions.defaults().withPropagationPolicy(PropagationPolicy.ORPHAN));
        assertThat(exists(deployments, "default", "web")).isFalse();
        Map<String, Object> rs = kube.get(replicaSets, "default", "web-1");
        assertThat(at(rs, "metadata.ownerReferences")).isNull();
        assertThat(exists(pods, "default", "web-1-a")).isTrue();
    }

    @Test
    void dependentWithAnotherLiveOwnerSurvives() {
        Map<String, Object> a = create(configMaps, "default", "metadata: {name: a}");
        Map<String, Object> b = create(configMaps, "default", "metadata: {name: b}");
        create(configMaps, "default", "metadata:\n  name: c\n  ownerReferences:\n"
                + "  - {apiVersion: v1, kind: ConfigMap, name: a, uid: " + str(a, "metadata.uid") + "}\n"
                + "  - {apiVersion: v1, kind: ConfigMap, name: b, uid: " + str(b, "metadata.uid") + "}\n");
        kube.delete(configMaps, "default", "a", DeleteOptions.defaults());
        Map<String, Object> c = kube.get(configMaps, "default", "c");
        assertThat((List<?>) at(c, "metadata.ownerReferences")).hasSize(1);
        kube.delete(configMaps, "default", "b", DeleteOptions.defaults());
        assertThat(exists(configMaps, "default", "c")).isFalse();
    }

    @Test
    void preconditionsMustMatch() {
        Map<String, Object> cm = create(configMaps, "default", "metadata: {name: x}");
        assertThatThrownBy(() -> kube.delete(configMaps, "default", "x",
                DeleteOptions.defaults().withPreconditions("wrong-uid", "")))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"x\": "
                            + "Precondition failed: UID in precondition: wrong-uid, UID in object meta: "
                            + str(cm, "metadata.uid"));
                });
        assertThatThrownBy(() -> kube.delete(configMaps, "default", "x",
                DeleteOptions.defaults().withPreconditions("", "1")))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(409));
        kube.delete(configMaps, "default", "x", DeleteOptions.defaults().withPreconditions(str(cm, "metadata.uid"),
                str(cm, "metadata.resourceVersion")));
        assertThat(exists(configMaps, "default", "x")).isFalse();
    }

    @Test
    void deletingANamespaceTerminatesItAndItsContents() {
        create(namespaces, "", "metadata: {name: team}");
        create(configMaps, "team", "metadata: {name: a}");
        create(configMaps, "team", "metadata: {name: held, finalizers: [hold]}");
        create(configMaps, "default", "metadata: {name: elsewhere}");
        DeleteResult r = kube.delete(namespaces, "", "team", DeleteOptions.defaults());
        assertThat(r.removed()).isFalse();
        assertThat(str(r.body(), "status.phase")).isEqualTo("Terminating");
        assertThat(exists(configMaps, "team", "a")).isFalse();
        assertThat(str(kube.get(namespaces, "", "team"), "status.phase")).isEqualTo("Terminating");
        assertThatThrownBy(() -> create(configMaps, "team", "metadata: {name: late}"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new "
                            + "content in namespace team because it is being terminated");
                });
        kube.patch(configMaps, "team", "held", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}",
                WriteOptions.defaults());
        assertThat(exists(namespaces, "", "team")).isFalse();
        assertThat(exists(configMaps, "default", "elsewhere")).isTrue();
    }

    @Test
    void emptyNamespaceIsRemovedImmediately() {
        create(namespaces, "", "metadata: {name: empty}");
        DeleteResult r = kube.delete(namespaces, "", "empty", DeleteOptions.defaults());
        assertThat(r.removed()).isTrue();
        assertThat(str(r.body(), "status.phase")).isEqualTo("Terminating");
        assertThat(exists(namespaces, "", "empty")).isFalse();
    }

    @Test
    void deleteCollectionDeletesWhatTheSelectorMatches() {
        create(configMaps, "default", "metadata: {name: a, labels: {app: x}}");
        create(configMaps, "default", "metadata: {name: b, labels: {app: x}}");
        create(configMaps, "default", "metadata: {name: c, labels: {app: y}}");
        ListResult deleted = kube.deleteCollection(configMaps, "default",
                ListOptions.defaults().withLabelSelector("app=x"), DeleteOptions.defaults());
        assertThat(deleted.items()).extracting(o -> str(o, "metadata.name")).containsExactly("a", "b");
        assertThat(kube.list(configMaps, "default", ListOptions.defaults()).items())
                .extracting(o -> str(o, "metadata.name")).containsExactly("c");
    }

    @Test
    void deleteOptionsAreReadFromBodyAndQuery() {
        DeleteOptions o = DeleteOptions.from(yaml("propagationPolicy: Foreground\n"
                + "preconditions: {uid: u, resourceVersion: '5'}\ndryRun: [All]"), Map.of());
        assertThat(o.propagationPolicy()).isEqualTo(PropagationPolicy.FOREGROUND);
        assertThat(o.uidPrecondition()).isEqualTo("u");
        assertThat(o.resourceVersionPrecondition()).isEqualTo("5");
        assertThat(o.dryRun()).isTrue();
        assertThat(DeleteOptions.from(Map.of("orphanDependents", true), Map.of()).propagationPolicy())
                .isEqualTo(PropagationPolicy.ORPHAN);
        assertThat(DeleteOptions.from(Map.of(), Map.of("propagationPolicy", "Orphan")).propagationPolicy())
                .isEqualTo(PropagationPolicy.ORPHAN);
        assertThatThrownBy(() -> DeleteOptions.from(Map.of("propagationPolicy", "Sideways"), Map.of()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
