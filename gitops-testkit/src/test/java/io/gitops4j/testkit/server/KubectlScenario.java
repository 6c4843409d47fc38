package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * One kubectl minor version's scenario in a kubectl IT: steps that share one {@link KubectlSession} (started by the
 * first step) and read their files from {@link #fixtures}. A subclass lists its steps; {@link #perMinor} makes one
 * container of them per minor and ends it with a step that closes the session. Not thread-safe: the steps of one
 * scenario run one after another.
 */
abstract class KubectlScenario implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final int minor;
    final Path fixtures;
    final KubectlSession session;

    KubectlScenario(int minor, Path fixtures, KubectlSession session) {
        this.minor = minor;
        this.fixtures = fixtures;
        this.session = session;
    }

    /** @return this scenario's steps, in order (the closing step is added after them) */
    abstract List<DynamicTest> steps();

    /**
     * One dynamic container per kubectl minor ({@link Kubectl#minors()}), named {@code kubectl 1.N}: the steps of
     * the scenario {@code scenario} makes for it, then {@code close}. Every scenario is also added to {@code open},
     * for the test class's {@code @AfterAll} to close the sessions whose closing step did not run.
     */
    static Stream<DynamicNode> perMinor(List<? super KubectlScenario> open,
            IntFunction<? extends KubectlScenario> scenario) {
        return Kubectl.minors().mapToObj(minor -> {
            KubectlScenario s = scenario.apply(minor);
            open.add(s);
            List<DynamicTest> steps = new ArrayList<>(s.steps());
            steps.add(s.step("close", s::close));
            return DynamicContainer.dynamicContainer("kubectl 1." + minor, steps.stream());
        });
    }

    /** A step that starts the session if needed, then runs {@code body}. */
    DynamicTest step(String name, Executable body) {
        return session.step(name, body);
    }

    /** The first step of most scenarios: the server announces the minor and the dispatcher runs its kubectl. */
    DynamicTest versionStep() {
        return step("version: the dispatcher runs the matching kubectl", () -> {
            JsonNode v = JSON.readTree(ok("version", "-o", "json").out());
            assertThat(v.at("/serverVersion/minor").asText()).isEqualTo(String.valueOf(minor));
            // some builds report "32+"
            assertThat(v.at("/clientVersion/minor").asText().replaceAll("\\D", ""))
                    .as("kubectl picked for the server version").isEqualTo(String.valueOf(minor));
        });
    }

    /** @return the path of the fixture file {@code name}, as kubectl's {@code -f} takes it */
    String f(String name) {
        return fixtures.resolve(name).toString();
    }

    /** Runs kubectl with {@code args}, whatever its exit code. */
    Kubectl.Result run(String... args) throws IOException, InterruptedException {
        return session.run(args);
    }

    /** Runs kubectl with {@code args} and asserts that it succeeded. */
    Kubectl.Result ok(String... args) throws IOException, InterruptedException {
        return session.ok(args);
    }

    /** A condition {@link #waitFor} polls. */
    interface Check {
        boolean test() throws Exception;
    }

    /** Polls {@code check} every 100 ms until it holds; fails the step when {@code seconds} pass first. */
    static void waitFor(Check check, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.test()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Stops the session's server; idempotent. */
    @Override
    public void close() {
        session.close();
    }
}
