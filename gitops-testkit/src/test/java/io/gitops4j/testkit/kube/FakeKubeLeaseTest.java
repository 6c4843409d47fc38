package io.gitops4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gitops4j.testkit.FakeKube;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leases ({@code coordination.k8s.io/v1}) as a v1.33 server keeps them: the spec checks on every write, and
 * optimistic concurrency on updates, which replicas sharing work rely on (EN-03).
 */
class FakeKubeLeaseTest {
    private final FakeKube kube = FakeKube.create();
    private final ResourceType leases = kube.type("coordination.k8s.io", "v1", "leases");

    private static Map<String, Object> lease(String name, Map<String, Object> spec) {
        return new LinkedHashMap<>(Map.of("apiVersion", "coordination.k8s.io/v1", "kind", "Lease",
                "metadata", Map.of("name", name, "namespace", "default"), "spec", spec));
    }

    @Test
    void en03_aLeaseDurationOfZeroOrNegativeTransitionsAreInvalid() {
        Throwable zero = catchThrowable(() -> kube.create(leases, "default", lease("a", Map.of(
                "holderIdentity", "x", "leaseDurationSeconds", 0)), WriteOptions.defaults()));
        Throwable both = catchThrowable(() -> kube.create(leases, "default", lease("b", Map.of(
                "leaseDurationSeconds", -1, "leaseTransitions", -2)), WriteOptions.defaults()));

        assertThat(zero).isInstanceOfSatisfying(FakeKubeException.class, e -> {
            assertThat(e.code()).isEqualTo(422);
            assertThat(e.getMessage()).isEqualTo("Lease.coordination.k8s.io \"a\" is invalid: "
                    + "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
        });
        assertThat(both).hasMessage("Lease.coordination.k8s.io \"b\" is invalid: [spec.leaseDurationSeconds: "
                + "Invalid value: -1: must be greater than 0, spec.leaseTransitions: Invalid value: -2: must be "
                + "greater than or equal to 0]");
    }

    @Test
    void en03_anUpdateFromAnOlderResourceVersionIsAConflict() {
        Map<String, Object> created = kube.create(leases, "default", lease("a", Map.of("holderIdentity", "x",
                "leaseDurationSeconds", 15)), WriteOptions.defaults()).object();
        Map<String, Object> renewed = new LinkedHashMap<>(created);
        renewed.put("spec", Map.of("holderIdentity", "x", "leaseDurationSeconds", 15, "leaseTransitions", 0));
        kube.update(leases, "default", "a", renewed, WriteOptions.defaults());

        Map<String, Object> stale = new LinkedHashMap<>(created);
        stale.put("spec", Map.of("holderIdentity", "y", "leaseDurationSeconds", 15, "leaseTransitions", 1));
        Throwable thrown = catchThrowable(() -> kube.update(leases, "default", "a", stale, WriteOptions.defaults()));

        assertThat(thrown).isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(409));
        assertThat(kube.get(leases, "default", "a")).extracting("spec").extracting("holderIdentity").isEqualTo("x");
    }
}
