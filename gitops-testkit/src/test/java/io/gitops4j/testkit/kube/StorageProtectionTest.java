package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PVC and PV in-use protection: the finalizers a cluster adds and its controllers remove. */
class StorageProtectionTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType claims = kube.type("", "v1", "persistentvolumeclaims");
    private final ResourceType volumes = kube.type("", "v1", "persistentvolumes");
    private final ResourceType pods = kube.type("", "v1", "pods");
    private final ResourceType namespaces = kube.type("", "v1", "namespaces");

    private Map<String, Object> claim(String ns, String name, String volume) {
        return kube.create(claims, ns, yaml("metadata: {name: " + name + "}\nspec: {accessModes: [ReadWriteOnce], "
                + "resources: {requests: {storage: 1Gi}}" + (volume == null ? "" : ", volumeName: " + volume) + "}"),
                WriteOptions.defaults()).object();
    }

    private void podUsing(String ns, String name, String claim) {
        kube.create(pods, ns, yaml("metadata: {name: " + name + "}\nspec:\n  containers: [{name: c, image: busybox}]\n"
                + "  volumes: [{name: data, persistentVolumeClaim: {claimName: " + claim + "}}]"),
                WriteOptions.defaults());
    }

    private boolean exists(ResourceType type, String ns, String name) {
        return kube.list(type, ns, ListOptions.defaults()).items().stream()
                .anyMatch(o -> name.equals(str(o, "metadata.name")));
    }

    @Test
    void newClaimsAndVolumesCarryTheirProtectionFinalizer() {
        assertThat(at(claim("default", "data", null), "metadata.finalizers"))
                .isEqualTo(List.of("kubernetes.io/pvc-protection"));
        Map<String, Object> pv = kube.create(volumes, "", yaml("metadata: {name: pv1}\nspec: {capacity: {storage: "
                + "1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /data}}"), WriteOptions.defaults()).object();
        assertThat(at(pv, "metadata.finalizers")).isEqualTo(List.of("kubernetes.io/pv-protection"));
    }

    @Test
    @DisplayName("PR-07 a claim a Pod still mounts stays Terminating until the Pod is gone")
    void aClaimInUseWaitsForItsPod() {
        claim("default", "free", null);
        DeleteResult unused = kube.delete(claims, "default", "free", DeleteOptions.defaults());
        assertThat(str(unused.body(), "metadata.deletionTimestamp")).as("answered as marked").isNotNull();
        assertThat(exists(claims, "default", "free")).as("nothing used it: released at once").isFalse();

        claim("default", "data", null);
        podUsing("default", "db-0", "data");
        kube.delete(claims, "default", "data", DeleteOptions.defaults());

        Map<String, Object> held = kube.get(claims, "default", "data");
        assertThat(str(held, "metadata.deletionTimestamp")).isNotNull();
        assertThat(at(held, "metadata.finalizers")).isEqualTo(List.of("kubernetes.io/pvc-protection"));

        kube.delete(pods, "default", "db-0", DeleteOptions.defaults());
        assertThat(exists(claims, "default", "data")).isFalse();
    }

    @Test
    void aPodThatFinishedNoLongerHoldsItsClaim() {
        claim("default", "scratch", null);
        podUsing("default", "batch-0", "scratch");
        kube.delete(claims, "default", "scratch", DeleteOptions.defaults());
        assertThat(exists(claims, "default", "scratch")).isTrue();

        kube.patch(pods, "default", "batch-0", "status", PatchType.MERGE, "{\"status\":{\"phase\":\"Succeeded\"}}",
                WriteOptions.defaults());

        assertThat(exists(claims, "default", "scratch")).isFalse();
    }

    @Test
    void aVolumeBoundToAClaimWaitsForTheClaim() {
        kube.create(volumes, "", yaml("metadata: {name: pv1}\nspec: {capacity: {storage: 1Gi}, accessModes: "
                + "[ReadWriteOnce], hostPath: {path: /data}}"), WriteOptions.defaults());
        claim("default", "bound", "pv1");
        kube.delete(volumes, "", "pv1", DeleteOptions.defaults());
        assertThat(exists(volumes, "", "pv1")).isTrue();

        kube.delete(claims, "default", "bound", DeleteOptions.defaults());
        assertThat(exists(claims, "default", "bound")).isFalse();
        assertThat(exists(volumes, "", "pv1")).isFalse();
    }

    @Test
    void deletingTheNamespaceReleasesClaimsAfterTheirPods() {
        kube.create(namespaces, "", yaml("metadata: {name: shop}"), WriteOptions.defaults());
        claim("shop", "data", null);
        podUsing("shop", "db-0", "data");

        kube.delete(namespaces, "", "shop", DeleteOptions.defaults());

        assertThat(exists(namespaces, "", "shop")).isFalse();
        assertThat(exists(claims, "shop", "data")).isFalse();
    }
}
