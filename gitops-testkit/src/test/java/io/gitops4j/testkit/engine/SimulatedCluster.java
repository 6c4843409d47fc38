package io.gitops4j.testkit.engine;

import io.gitops4j.testkit.simulate.SimulatorSettings;
import io.gitops4j.testkit.simulate.StatusSimulators;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the tests of waves and hooks share, registered on an instance field with {@code @RegisterExtension}: an
 * {@link EngineFixture} whose fake cluster runs the status simulators (rollouts, the job controller), and the
 * {@link ClusterEvents} it goes through from the start. {@link #start} creates them; after each test (after its
 * {@code @AfterEach} methods) the simulators are stopped, then the fixture is closed. Not thread-safe, like the
 * fixture.
 */
final class SimulatedCluster implements AfterEachCallback {
    private EngineFixture fixture;
    private StatusSimulators simulators;
    private ClusterEvents events;

    /**
     * Starts the fixture on {@code repo}, its simulators (a rollout or Job takes {@code delay} from start to done)
     * and the recording of events.
     *
     * @return the fixture
     */
    EngineFixture start(Path repo, Duration delay) {
        if (fixture != null) {
            throw new IllegalStateException("started already");
        }
        fixture = new EngineFixture(repo);
        simulators = StatusSimulators.start(fixture.kube, SimulatorSettings.defaults().withDelay(delay));
        events = ClusterEvents.of(fixture.kube);
        return fixture;
    }

    /** @return the fixture {@link #start} created */
    EngineFixture fixture() {
        return started(fixture);
    }

    /** @return the simulators, to make an object fail or hang */
    StatusSimulators simulators() {
        return started(simulators);
    }

    /** @return what the cluster went through since {@link #start} (or since its last {@code clear()}) */
    ClusterEvents events() {
        return started(events);
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("start(..) first");
        }
        return part;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (fixture == null) {
            return;
        }
        try {
            simulators.close();
        } finally {
            fixture.close();
        }
    }
}
