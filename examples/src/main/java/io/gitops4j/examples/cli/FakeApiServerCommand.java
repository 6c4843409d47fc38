package io.gitops4j.examples.cli;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.server.StandaloneMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fake-apiserver [--port N] [--kubeconfig FILE] [--minor N]}: serves a fake Kubernetes API on 127.0.0.1 (the
 * testkit's {@code FakeApiServer}), writes a kubeconfig for kubectl, prints one line
 * {@code listening on http://127.0.0.1:PORT} and serves until killed — what the standalone
 * {@code gitops-testkit-fake-apiserver.jar} does.
 */
@Command(name = "fake-apiserver",
        description = "Serve a fake Kubernetes API on 127.0.0.1 until killed; write a kubeconfig for kubectl.")
final class FakeApiServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "port to listen on (0: a free one; default 0)")
    private int port;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "write a kubeconfig pointing at the server here")
    private Path kubeconfig;

    @Option(names = "--minor", defaultValue = "33",
            description = "Kubernetes minor version announced by /version (27..33 pick the kubectl binary; default 33)")
    private int minor;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port out of range: " + port);
        }
        FakeApiServer server = StandaloneMain.start(new StandaloneMain.Options(port, kubeconfig, minor), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-apiserver-shutdown"));
        stopped.await();
        return 0;
    }
}
