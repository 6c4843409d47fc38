package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeKubeStatusTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType deployments = kube.type("apps", "v1", "deployments");

    private Map<String, Object> deployment() {
        return kube.create(deployments, "default", yaml("""
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: i}]}
                status: {replicas: 99}
                """), WriteOptions.defaults()).object();
    }

    @Test
    void createIgnoresStatus() {
        assertThat(at(deployment(), "status")).isEqualTo(Map.of());
    }

    @Test
    void statusWritesChangeOnlyStatusAndKeepGeneration() {
        deployment();
        Map<String, Object> body = yaml("metadata: {name: web, labels: {sneaky: 'yes'}}\nspec: {replicas: 10}\n"
                + "status: {replicas: 2, readyReplicas: 2}");
        Map<String, Object> o = kube.update(deployments, "default", "web", "status", body, WriteOptions.defaults())
                .object();
        assertThat(at(o, "status")).isEqualTo(Map.of("replicas", 2L, "readyReplicas", 2L));
        assertThat(at(o, "spec.replicas")).isEqualTo(2L);
        assertThat(at(o, "metadata.labels")).isNull();
        assertThat(at(o, "metadata.generation")).isEqualTo(1L);
    }

    @Test
    void mainWritesIgnoreStatus() {
        deployment();
        kube.patch(deployments, "default", "web", "status", PatchType.MERGE, "{\"status\":{\"replicas\":2}}",
                WriteOptions.defaults());
        Map<String, Object> o = kube.patch(deployments, "default", "web", PatchType.MERGE,
                "{\"spec\":{\"replicas\":3},\"status\":{\"replicas\":50}}", WriteOptions.defaults()).object();
        assertThat(at(o, "status.replicas")).isEqualTo(2L);
        assertThat(at(o, "metadata.generation")).isEqualTo(2L);
    }

    @Test
    void scaleSubresource() {
        deployment();
        Map<String, Object> scale = kube.get(deployments, "default", "web", "scale");
        assertThat(scale).containsEntry("apiVersion", "autoscaling/v1").containsEntry("kind", "Scale");
        assertThat(at(scale, "spec.replicas")).isEqualTo(2L);
        assertThat(at(scale, "status.selector")).isEqualTo("app=web");
        Map<String, Object> updated = kube.update(deployments, "default", "web", "scale",
                yaml("metadata: {name: web}\nspec: {replicas: 5}"), WriteOptions.defaults()).object();
        assertThat(at(updated, "spec.replicas")).isEqualTo(5L);
        assertThat(at(kube.get(deployments, "default", "web"), "spec.replicas")).isEqualTo(5L);
    }

    @Test
    void unservedSubresourceIsNotFound() {
        ResourceType configMaps = kube.type("", "v1", "configmaps");
        kube.create(configMaps, "default", yaml("metadata: {name: x}"), WriteOptions.defaults());
        assertThatThrownBy(() -> kube.get(configMaps, "default", "x", "status"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void observersSeeCommittedChangesAndMayWriteStatus() {
        List<String> seen = new ArrayList<>();
        kube.addObserver((type, event) -> {
            seen.add(event.type() + " " + type.plural());
            if (type.plural().equals("deployments") && event.type() == WatchEvent.Type.ADDED) {
                kube.patch(type, "default", "web", "status", PatchType.MERGE,
                        "{\"status\":{\"availableReplicas\":2}}", WriteOptions.defaults());
            }
        });
        deployment();
        kube.create(kube.type("", "v1", "configmaps"), "default", yaml("metadata: {name: dry}"),
                WriteOptions.defaults().withDryRun(true));
        assertThat(seen).containsExactly("ADDED deployments", "MODIFIED deployments");
        assertThat(at(kube.get(deployments, "default", "web"), "status.availableReplicas")).isEqualTo(2L);
    }
}
