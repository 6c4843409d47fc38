package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LimitRange min/max/ratio as the LimitRanger admission plugin enforces them on new Pods and claims. */
class LimitRangeCheckTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType pods = kube.type("", "v1", "pods");

    private void limitRange(String limits) {
        kube.create(kube.type("", "v1", "limitranges"), "default", yaml("metadata: {name: lr}\nspec: {limits: "
                + limits + "}"), WriteOptions.defaults());
    }

    private Map<String, Object> pod(String name, String resources) {
        return kube.create(pods, "default", yaml("metadata: {name: " + name + "}\nspec:\n  containers:\n"
                + "  - {name: c, image: busybox, resources: " + resources + "}"), WriteOptions.defaults()).object();
    }

    @Test
    void containerMaximumsAndMinimums() {
        limitRange("[{type: Container, max: {cpu: '2', memory: 1Gi}, min: {cpu: 100m}}]");

        Map<String, Object> defaulted = pod("ok", "{}");
        assertThat(str(defaulted, "spec.containers.0.resources.limits.cpu")).as("max became the default limit")
                .isEqualTo("2");
        assertThatThrownBy(() -> pod("big", "{limits: {cpu: '4', memory: 512Mi}}"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("pods \"big\" is forbidden: maximum cpu usage per Container "
                            + "is 2, but limit is 4");
                });
        assertThatThrownBy(() -> pod("odd", "{requests: {cpu: 50m}, limits: {cpu: '1', memory: 2Gi}}"))
                .hasMessage("pods \"odd\" is forbidden: [minimum cpu usage per Container is 100m, but request is "
                        + "50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]");
    }

    @Test
    void ratiosAndPodTotals() {
        limitRange("[{type: Container, maxLimitRequestRatio: {cpu: '2'}}, {type: Pod, max: {memory: 1Gi}}]");

        assertThatThrownBy(() -> pod("spiky", "{requests: {cpu: 250m, memory: 128Mi}, limits: {cpu: '1', memory: "
                + "128Mi}}")).hasMessage("pods \"spiky\" is forbidden: cpu max limit to request ratio per Container "
                + "is 2, but provided ratio is 4.000000");
        assertThat(str(pod("fine", "{requests: {cpu: 500m, memory: 128Mi}, limits: {cpu: '1', memory: 512Mi}}"),
                "metadata.name")).isEqualTo("fine");
        assertThatThrownBy(() -> kube.create(pods, "default", yaml("""
                metadata: {name: pair}
                spec:
                  containers:
                  - {name: a, image: x, resources: {requests: {cpu: 500m}, limits: {cpu: '1', memory: 768Mi}}}
                  - {name: b, image: x, resources: {requests: {cpu: 500m}, limits: {cpu: '1', memory: 768Mi}}}
                """), WriteOptions.defaults())).hasMessage("pods \"pair\" is forbidden: maximum memory usage per Pod "
                + "is 1Gi, but limit is 1536Mi");
    }

    @Test
    void claimsStayWithinTheirStorageBounds() {
        limitRange("[{type: PersistentVolumeClaim, min: {storage: 1Gi}, max: {storage: 10Gi}}]");
        ResourceType claims = kube.type("", "v1", "persistentvolumeclaims");
        String claim = "metadata: {name: %s}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: "
                + "{storage: %s}}}";

        assertThatThrownBy(() -> kube.create(claims, "default", yaml(claim.formatted("huge", "20Gi")),
                WriteOptions.defaults())).hasMessage("persistentvolumeclaims \"huge\" is forbidden: maximum storage "
                + "usage per PersistentVolumeClaim is 10Gi, but request is 20Gi");
        assertThatThrownBy(() -> kube.create(claims, "default", yaml(claim.formatted("tiny", "500Mi")),
                WriteOptions.defaults())).hasMessage("persistentvolumeclaims \"tiny\" is forbidden: minimum storage "
                + "usage per PersistentVolumeClaim is 1Gi, but request is 500Mi");
        assertThat(kube.create(claims, "default", yaml(claim.formatted("right", "5Gi")), WriteOptions.defaults())
                .created()).isTrue();
    }
}
