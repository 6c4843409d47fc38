package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.coordination.HeldLease;
import io.gitops4j.api.coordination.LeaseException;
import io.gitops4j.api.coordination.LeaseState;
import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes Lease store (coordination.k8s.io/v1 Leases) against the fake API server, in real time. */
class KubernetesLeaseStoreIT {
    private static final Duration LEASE = Duration.ofSeconds(1);

    private FakeApiServer server;
    private KubernetesTarget target;
    private LeaseStore a;
    private LeaseStore b;

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
        target = Fixtures.target(server);
        a = target.leases("default");
        b = target.leases("default");
    }

    @AfterEach
    void stop() {
        target.close();
        server.close();
    }

    @Test
    void en03_aLeaseTakenIsALeaseObjectWithHolderDurationAndTransitions() {
        HeldLease held = a.tryAcquire("gitops4j-shard-0", "replica-a", Duration.ofMillis(14_500)).orElseThrow();

        Map<String, Object> spec = spec("gitops4j-shard-0");
        assertThat(spec).containsEntry("holderIdentity", "replica-a").containsEntry("leaseTransitions", 0L)
                .containsEntry("leaseDurationSeconds", 15L);
        assertThat((String) spec.get("renewTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(held.duration()).as("rounded up to whole seconds, never down").isEqualTo(Duration.ofSeconds(15));
        assertThat(held.version()).isEqualTo(meta("gitops4j-shard-0").get("resourceVersion"));
        assertThat(server.requests().records(r -> r.resource().equals("leases"))).extracting(RequestRecord::verb)
                .containsExactly("get", "create");
        assertThat(server.requests().records(r -> r.resource().equals("leases")))
                .allSatisfy(r -> assertThat(r.userAgent()).startsWith("gitops4j/"));
    }

    @Test
    void en03_anotherReplicaTakesALeaseOnlyAfterSeeingItUnchangedForItsDuration() throws InterruptedException {
        HeldLease held = a.tryAcquire("gitops4j-shard-0", "replica-a", LEASE).orElseThrow();
        assertThat(b.tryAcquire("gitops4j-shard-0", "replica-b", LEASE)).isEmpty();
        held = a.renew(held).orElseThrow();
        assertThat(b.tryAcquire("gitops4j-shard-0", "replica-b", LEASE)).as("renewed: a new version").isEmpty();
        long seenRenewed = System.nanoTime();

        Optional<HeldLease> taken = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            taken = b.tryAcquire("gitops4j-shard-0", "replica-b", LEASE);
        }
        long took = System.nanoTime();

        assertThat(taken).get().extracting(HeldLease::token).isEqualTo(1L);
        assertThat(Duration.ofNanos(took - seenRenewed)).isGreaterThanOrEqualTo(LEASE);
        assertThat(spec("gitops4j-shard-0")).containsEntry("holderIdentity", "replica-b")
                .containsEntry("leaseTransitions", 1L);
        long conflicts = server.requests().records(r -> r.resource().equals("leases") && r.status() == 409).size();
        assertThat(a.renew(held)).as("the old holder's renewal").isEmpty();
        assertThat(server.requests().records(r -> r.resource().equals("leases") && r.status() == 409))
                .as("refused by the server's optimistic concurrency").hasSize((int) conflicts + 1);
    }

    @Test
    void en03_aLeaseWrittenByAnotherHolderThroughTheApiFencesTheOldHolder() {
        HeldLease held = a.tryAcquire("gitops4j-shard-3", "replica-a", LEASE).orElseThrow();
        Map<String, Object> lease = new LinkedHashMap<>(server.kube().get(leases(), "default", "gitops4j-shard-3"));
        Map<String, Object> spec = new LinkedHashMap<>(spec("gitops4j-shard-3"));
        spec.put("holderIdentity", "kubectl-user");
        lease.put("spec", spec);
        server.kube().update(leases(), "default", "gitops4j-shard-3", lease, WriteOptions.defaults());

        assertThat(a.renew(held)).isEmpty();
        a.release(held);
        assertThat(spec("gitops4j-shard-3")).as("a release of a lost lease changes nothing")
                .containsEntry("holderIdentity", "kubectl-user");
    }

    @Test
    void en03_aReleasedLeaseIsFreeAtOnce() {
        HeldLease held = a.tryAcquire("gitops4j-shard-1", "replica-a", LEASE).orElseThrow();
        a.release(held);

        assertThat(spec("gitops4j-shard-1")).doesNotContainKey("holderIdentity");
        assertThat(b.list("gitops4j-")).singleElement().satisfies(s -> {
            assertThat(s.holder()).isEmpty();
            assertThat(s.isHeld()).isFalse();
        });
        assertThat(b.tryAcquire("gitops4j-shard-1", "replica-b", LEASE)).get().extracting(HeldLease::token)
                .isEqualTo(1L);
    }

    @Test
    void en03_listReadsOnlyOurLeasesOfThePrefix() {
        a.tryAcquire("gitops4j-shard-0", "replica-a", LEASE).orElseThrow();
        a.tryAcquire("gitops4j-member-0", "replica-a", LEASE).orElseThrow();
        a.tryAcquire("other-shard-0", "replica-a", LEASE).orElseThrow();
        Map<String, Object> foreign = Map.of("apiVersion", "coordination.k8s.io/v1", "kind", "Lease",
                "metadata", Map.of("name", "gitops4j-not-ours", "namespace", "default"),
                "spec", Map.of("holderIdentity", "someone"));
        server.kube().create(leases(), "default", foreign, WriteOptions.defaults());

        assertThat(b.list("gitops4j-")).extracting(LeaseState::name)
                .containsExactly("gitops4j-member-0", "gitops4j-shard-0");
    }

    @Test
    void en03_anUnreachableOrRefusingServerIsATypedLeaseException() {
        Faults.of(server.kube()).on(Verb.UPDATE).resource("leases").inject(Fault.serviceUnavailable());
        HeldLease held = a.tryAcquire("gitops4j-shard-2", "replica-a", LEASE).orElseThrow();
        assertThatThrownBy(() -> a.renew(held)).isInstanceOfSatisfying(LeaseException.class,
                e -> assertThat(e.reason()).isEqualTo(LeaseException.Reason.UNAVAILABLE))
                .hasMessageStartingWith("lease gitops4j-shard-2: update refused (HTTP 503");
        Faults.of(server.kube()).clear();

        assertThatThrownBy(() -> target.leases("missing").tryAcquire("gitops4j-shard-0", "replica-a", LEASE))
                .isInstanceOfSatisfying(LeaseException.class,
                        e -> assertThat(e.reason()).isEqualTo(LeaseException.Reason.INVALID))
                .hasMessageContaining("namespaces \"missing\" not found");

        server.close();
        assertThatThrownBy(() -> a.renew(held)).isInstanceOfSatisfying(LeaseException.class,
                e -> assertThat(e.reason()).isEqualTo(LeaseException.Reason.UNAVAILABLE))
                .hasMessageStartingWith("lease gitops4j-shard-2: update: no answer from the API server")
                .hasMessageNotContaining("/tmp").hasMessageNotContaining("/home");
    }

    private ResourceType leases() {
        return server.kube().type("coordination.k8s.io", "v1", "leases");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> spec(String name) {
        return (Map<String, Object>) server.kube().get(leases(), "default", name).get("spec");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> meta(String name) {
        return (Map<String, Object>) server.kube().get(leases(), "default", name).get("metadata");
    }
}
