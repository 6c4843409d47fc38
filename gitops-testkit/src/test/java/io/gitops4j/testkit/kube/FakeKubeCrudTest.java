package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeKubeCrudTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private final ResourceType deployments = kube.type("apps", "v1", "deployments");
    private final ResourceType namespaces = kube.type("", "v1", "namespaces");
    private final ResourceType clusterRoles = kube.type("rbac.authorization.k8s.io", "v1", "clusterroles");

    private static Map<String, Object> cm(String name, String value) {
        return yaml("metadata: {name: " + name + "}\ndata: {a: '" + value + "'}");
    }

    @Test
    void seededNamespacesAreActive() {
        ListResult list = kube.list(namespaces, "", ListOptions.defaults());
        assertThat(list.items()).extracting(o -> str(o, "metadata.name"))
                .containsExactly("default", "kube-node-lease", "kube-public", "kube-system");
        assertThat(list.items()).allSatisfy(ns -> assertThat(str(ns, "status.phase")).isEqualTo("Active"));
        assertThat(str(list.items().get(0), "metadata.labels.kubernetes\\.io/metadata\\.name")).isNull();
        assertThat(at(list.items().get(0), "metadata.labels")).isEqualTo(Map.of("kubernetes.io/metadata.name",
                "default"));
    }

    @Test
    void createFillsTypeAndSystemMetadata() {
        WriteResult r = kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults());
        Map<String, Object> o = r.object();
        assertThat(r.created()).isTrue();
        assertThat(r.httpStatus()).isEqualTo(201);
        assertThat(o.get("apiVersion")).isEqualTo("v1");
        assertThat(o.get("kind")).isEqualTo("ConfigMap");
        assertThat(str(o, "metadata.namespace")).isEqualTo("default");
        assertThat(str(o, "metadata.uid")).matches("[0-9a-f-]{36}");
        assertThat(str(o, "metadata.creationTimestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(str(o, "metadata.resourceVersion")).isEqualTo(kube.resourceVersion());
        assertThat(at(o, "metadata.generation")).as("configmaps do not track generation").isNull();
        assertThat(kube.get(configMaps, "default", "x")).isEqualTo(o);
        assertThat(((Map<String, Object>) o.get("metadata")).keySet()).containsExactly("name", "namespace", "uid",
                "resourceVersion", "creationTimestamp", "managedFields");
        assertThat(o.keySet()).containsExactly("apiVersion", "kind", "metadata", "data");
    }

    @Test
    void clusterScopedCrud() {
        Map<String, Object> role = yaml("metadata: {name: 'system:reader', namespace: ignored}\n"
                + "rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]");
        Map<String, Object> created = kube.create(clusterRoles, "", role, WriteOptions.defaults()).object();
        assertThat(at(created, "metadata.namespace")).isNull();
        assertThat(kube.get(clusterRoles, "", "system:reader")).isEqualTo(created);
        assertThat(kube.list(clusterRoles, "", ListOptions.defaults()).items()).hasSize(1);
        assertThatThrownBy(() -> kube.get(clusterRoles, "default", "system:reader"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(404));
        kube.delete(clusterRoles, "", "system:reader", DeleteOptions.defaults());
        assertThatThrownBy(() -> kube.get(clusterRoles, "", "system:reader"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("clusterroles.rbac.authorization.k8s.io \"system:reader\" not found"));
    }

    @Test
    void generateNameMakesUniqueNames() {
        Map<String, Object> body = yaml("metadata: {generateName: job-}");
        String a = str(kube.create(configMaps, "default", body, WriteOptions.defaults()).object(), "metadata.name");
        String b = str(kube.create(configMaps, "default", body, WriteOptions.defaults()).object(), "metadata.name");
        assertThat(a).matches("job-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(b).startsWith("job-").isNotEqualTo(a);
    }

    @Test
    void createTwiceIsAlreadyExists() {
        kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults());
        assertThatThrownBy(() -> kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("AlreadyExists");
                    assertThat(e.getMessage()).isEqualTo("configmaps \"x\" already exists");
                    assertThat(e.status()).containsEntry("kind", "Status").containsEntry("code", 409)
                            .containsEntry("details", Map.of("name", "x", "kind", "configmaps"));
                });
    }

    @Test
    void createInMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> kube.create(configMaps, "nope", cm("x", "1"), WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("namespaces \"nope\" not found");
                });
    }

    @Test
    void namespaceMismatchIsBadRequest() {
        Map<String, Object> body = yaml("metadata: {name: x, namespace: other}");
        assertThatThrownBy(() -> kube.create(configMaps, "default", body, WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).isEqualTo(
                            "the namespace of the provided object does not match the namespace sent on the request");
                });
    }

    @Test
    void notFoundMessagesNameTheGroupResource() {
        assertThatThrownBy(() -> kube.get(configMaps, "default", "x"))
                .hasMessage("configmaps \"x\" not found");
        assertThatThrownBy(() -> kube.get(deployments, "default", "x"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("deployments.apps \"x\" not found");
                    assertThat(e.status().get("details")).isEqualTo(Map.of("name", "x", "group", "apps",
                            "kind", "deployments"));
                });
        assertThatThrownBy(() -> kube.get(namespaces, "", "nope")).hasMessage("namespaces \"nope\" not found");
    }

    @Test
    void updateBumpsResourceVersionAndKeepsSystemMetadata() {
        Map<String, Object> created = kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults())
                .object();
        Map<String, Object> changed = cm("x", "2");
        ((Map<String, Object>) changed.get("metadata")).put("resourceVersion", str(created, "metadata.resourceVersion"));
        ((Map<String, Object>) changed.get("metadata")).put("creationTimestamp", "2000-01-01T00:00:00Z");
        Map<String, Object> updated = kube.update(configMaps, "default", "x", changed, WriteOptions.defaults())
                .object();
        assertThat(str(updated, "data.a")).isEqualTo("2");
        assertThat(Long.parseLong(str(updated, "metadata.resourceVersion")))
                .isGreaterThan(Long.parseLong(str(created, "metadata.resourceVersion")));
        assertThat(str(updated, "metadata.uid")).isEqualTo(str(created, "metadata.uid"));
        assertThat(str(updated, "metadata.creationTimestamp")).isEqualTo(str(created, "metadata.creationTimestamp"));
    }

    @Test
    void staleResourceVersionIsConflictWithTheRealMessage() {
        Map<String, Object> created = kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults())
                .object();
        kube.update(configMaps, "default", "x", cm("x", "2"), WriteOptions.defaults());
        Map<String, Object> stale = cm("x", "3");
        ((Map<String, Object>) stale.get("metadata")).put("resourceVersion", str(created, "metadata.resourceVersion"));
        assertThatThrownBy(() -> kube.update(configMaps, "default", "x", stale, WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"x\": the "
                            + "object has been modified; please apply your changes to the latest version and try "
                            + "again");
                });
        assertThat(str(kube.get(configMaps, "default", "x"), "data.a")).isEqualTo("2");
    }

    @Test
    void noOpUpdateKeepsResourceVersion() {
        kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults());
        String before = kube.resourceVersion();
        Map<String, Object> same = kube.update(configMaps, "default", "x", cm("x", "1"), WriteOptions.defaults())
                .object();
        assertThat(kube.resourceVersion()).isEqualTo(before);
        assertThat(str(same, "metadata.resourceVersion")).isEqualTo(before);
    }

    @Test
    void generationMovesOnlyWhenSpecChanges() {
        Map<String, Object> d = yaml("""
                metadata: {name: web, labels: {app: web}}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: nginx}]}
                """);
        Map<String, Object> created = kube.create(deployments, "default", d, WriteOptions.defaults()).object();
        assertThat(at(created, "metadata.generation")).isEqualTo(1L);
        ((Map<String, Object>) ((Map<String, Object>) d.get("metadata")).get("labels")).put("tier", "front");
        Map<String, Object> relabelled = kube.update(deployments, "default", "web", d, WriteOptions.defaults())
                .object();
        assertThat(at(relabelled, "metadata.generation")).isEqualTo(1L);
        ((Map<String, Object>) d.get("spec")).put("replicas", 3);
        Map<String, Object> scaled = kube.update(deployments, "default", "web", d, WriteOptions.defaults()).object();
        assertThat(at(scaled, "metadata.generation")).isEqualTo(2L);
    }

    @Test
    void secretStringDataIsFoldedIntoData() {
        ResourceType secrets = kube.type("", "v1", "secrets");
        Map<String, Object> s = yaml("metadata: {name: s}\nstringData: {password: hunter2}\ndata: {user: YWRtaW4=}");
        Map<String, Object> created = kube.create(secrets, "default", s, WriteOptions.defaults()).object();
        assertThat(at(created, "stringData")).isNull();
        assertThat(at(created, "data")).isEqualTo(Map.of("user", "YWRtaW4=", "password", "aHVudGVyMg=="));
        assertThat(created.get("type")).isEqualTo("Opaque");
    }

    @Test
    void unknownTypeIsNotFound() {
        assertThatThrownBy(() -> kube.type("apps", "v1", "widgets"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("the server could not find the requested resource");
                });
    }

    @Test
    void returnedObjectsAreCopies() {
        kube.create(configMaps, "default", cm("x", "1"), WriteOptions.defaults());
        Map<String, Object> got = kube.get(configMaps, "default", "x");
        ((Map<String, Object>) got.get("data")).put("a", "changed");
        assertThat(str(kube.get(configMaps, "default", "x"), "data.a")).isEqualTo("1");
    }
}
