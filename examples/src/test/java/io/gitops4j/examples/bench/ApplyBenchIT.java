package io.gitops4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.testkit.git.ToolCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply benchmark's two sides against the standalone fake API server in a JVM of its own, counted by the server:
 * what the benchmark's request rows report is what the server saw.
 */
class ApplyBenchIT {
    private static final int N = 40;

    @BeforeAll
    static void kubectl() {
        ToolCheck.require("kubectl", "kubectl");
    }

    @Test
    void theTargetSendsOnePatchPerObjectPlusDiscoveryAndKubectlAppliesTheSameFiles(@TempDir Path work)
            throws Exception {
        try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig"))) {
            Path ours = ApplyWorkload.write(work, "ours", N, 1);
            Path peer = ApplyWorkload.write(work, "peer", N, 1);
            server.createNamespace("ours");
            server.createNamespace("peer");

            server.clear();
            ApplyRun oursRun = TargetApply.cold(server.kubeconfig(), ours);
            RequestCounts oursRequests = server.requests();
            server.clear();
            ApplyRun peerRun = KubectlApply.find(ApplyBench.MINOR).apply(server.kubeconfig(), peer,
                    Files.createTempDirectory(work, "cache"));
            RequestCounts peerRequests = server.requests();

            assertThat(oursRequests.verb("patch")).isEqualTo(N);
            assertThat(oursRequests.writes()).isEqualTo(N);
            assertThat(oursRequests.nonResource()).as("discovery").isBetween(1L, 5L);
            assertThat(oursRequests.total()).isLessThanOrEqualTo((long) (1.1 * N) + oursRequests.nonResource());
            assertThat(peerRequests.verb("patch")).isEqualTo(N);
            assertThat(peerRequests.status(201)).as("kubectl created every object").isEqualTo(N);
            assertThat(oursRun.cpuNanos()).isPositive();
            assertThat(peerRun.cpuNanos()).isPositive();
        }
    }

    @Test
    void anEnginePassCreatesEveryObjectWithOnePatchEachAndPrunesThemAll(@TempDir Path work) throws Exception {
        try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig"))) {
            Path dir = ApplyWorkload.write(work, "engine", N, 1);
            server.createNamespace("engine");
            try (EnginePass engine = new EnginePass(server.kubeconfig(), "bench-engine", dir)) {
                server.clear();
                engine.pass(ObjectOutcome.CREATED, N);
                RequestCounts cold = server.requests();
                server.clear();
                engine.pass(ObjectOutcome.UNCHANGED, N);
                RequestCounts noop = server.requests();
                ApplyWorkload.rewrite(dir, "engine", N, 2);
                server.clear();
                engine.pass(ObjectOutcome.CONFIGURED, ApplyWorkload.changed(N));
                RequestCounts tenth = server.requests();
                engine.pruneAll(N);

                assertThat(cold.verb("patch")).isEqualTo(N);
                assertThat(cold.status(201)).as("the objects and the inventory").isEqualTo(N + 1);
                assertThat(noop.writes()).isZero();
                assertThat(tenth.verb("patch")).isEqualTo(ApplyWorkload.changed(N));
                assertThat(server.requests().verb("delete")).isEqualTo(N);
            }
        }
    }

    @Test
    void underThrottlingEveryObjectIsCreatedWithinTheRetryBudget(@TempDir Path work) throws Exception {
        try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig"))) {
            Path dir = ApplyWorkload.write(work, "throttled", N, 1);
            server.createNamespace("throttled");
            server.throttle(0.2, 1, 12);
            server.clear();

            TargetApply.cold(server.kubeconfig(), dir); // throws unless every object was CREATED
            RequestCounts requests = server.requests();

            assertThat(requests.status(429)).as("throttled").isPositive();
            assertThat(requests.status(201)).as("each object created once").isEqualTo(N);
            server.unthrottle();
        }
    }
}
