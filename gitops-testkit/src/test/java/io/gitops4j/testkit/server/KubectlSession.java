package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * One kubectl minor version's session for the kubectl ITs: a {@link FakeApiServer} announcing that minor (over the
 * {@link FakeKube} the supplier makes) and the kubectl binary for it ({@link Kubectl#binaryFor}: fails under CI
 * when missing, skips otherwise), both started by the first step, with a kubeconfig and a home of their own under
 * {@code temp}. Steps of one session share the server, in order.
 */
final class KubectlSession implements AutoCloseable {
    private final int minor;
    private final Path temp;
    private final Supplier<FakeKube> kube;
    private FakeApiServer server;
    private Kubectl kubectl;

    KubectlSession(int minor, Path temp, Supplier<FakeKube> kube) {
        this.minor = minor;
        this.temp = temp;
        this.kube = kube;
    }

    KubectlSession(int minor, Path temp) {
        this(minor, temp, FakeKube::create);
    }

    /** A dynamic test that starts the session if needed, then runs {@code body}. */
    DynamicTest step(String name, Executable body) {
        return DynamicTest.dynamicTest(name, () -> {
            start();
            body.execute();
        });
    }

    /** The server (started). */
    FakeApiServer server() {
        return server;
    }

    /** The kubectl of this minor, pointed at the server (started). */
    Kubectl kubectl() {
        return kubectl;
    }

    /** Runs kubectl with {@code args}, whatever its exit code. */
    Kubectl.Result run(String... args) throws IOException, InterruptedException {
        return kubectl.run(args);
    }

    /** Runs kubectl with {@code args} and asserts that it succeeded. */
    Kubectl.Result ok(String... args) throws IOException, InterruptedException {
        Kubectl.Result r = kubectl.run(args);
        assertThat(r.exit()).as("kubectl " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private void start() throws IOException {
        if (kubectl != null) {
            return;
        }
        Path binary = Kubectl.binaryFor(minor);
        server = FakeApiServer.builder().kube(kube.get()).kubernetesMinor(minor)
                .kubeconfig(temp.resolve("kubeconfig-1." + minor)).start();
        kubectl = new Kubectl(binary, server.kubeconfig(), Files.createDirectories(temp.resolve("home-1." + minor)));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
