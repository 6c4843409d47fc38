package io.gitops4j.examples.serve;

import io.gitops4j.core.git.webhook.WebhookReceiver;
import io.gitops4j.examples.serve.config.AppsConfig;
import io.gitops4j.examples.serve.config.AppsFile;
import io.gitops4j.examples.serve.http.ServeServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve --config apps.yaml [--kubeconfig FILE] [--port N] [--bind ADDRESS] [--shutdown-timeout SECONDS]}:
 * keeps the Applications of {@code apps.yaml} reconciled and serves the JSON API, webhooks, metrics and the status
 * page until SIGTERM or SIGINT; then stops accepting requests, lets passes in flight finish until the deadline,
 * closes the engine (a pass still running stops at its next safe point, or is interrupted) and exits. Prints one line when serving,
 * one per finished pass, and two on shutdown. A bad {@code apps.yaml} exits 1 with the file, line and field.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Keep the Applications of apps.yaml reconciled; serve a JSON API, webhooks, "
        + "metrics and a status page (docs/serve.md).")
public final class ServeCommand implements Callable<Integer> {
    /** Where secrets named by {@code …Env} are read; the process environment. */
    static Function<String, String> environment = System::getenv;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "apps.yaml (docs/serve.md)")
    private Path config;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig of the 'default' cluster (default: the Pod's ServiceAccount)")
    private Path kubeconfig;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (0: a free one; default 8080)")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default 127.0.0.1; the API has no authentication of its own)")
    private String bind;

    @Option(names = "--shutdown-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "how long passes in flight may take to finish on SIGTERM (default 30)")
    private int shutdownTimeout;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port out of range: " + port);
        }
        if (shutdownTimeout < 1 || shutdownTimeout > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shutdown-timeout must be 1 to 3600");
        }
        AppsConfig apps = AppsFile.load(config);
        WebhookReceiver receiver = webhooks(apps);
        PrintStream out = System.out;
        Fleet fleet = Fleet.start(apps, Optional.ofNullable(kubeconfig), environment);
        ServeMetrics metrics = new ServeMetrics();
        fleet.addListener(metrics);
        fleet.addListener(new PassLog(out));
        ServeServer server;
        try {
            server = ServeServer.start(new InetSocketAddress(InetAddress.getByName(bind), port), fleet, receiver,
                    metrics);
        } catch (java.io.IOException e) {
            fleet.close(Duration.ofSeconds(5));
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("serve: shutting down; " + fleet.inFlight() + " pass(es) in flight, deadline "
                    + shutdownTimeout + " s");
            out.flush();
            server.close();
            boolean finished = fleet.close(Duration.ofSeconds(shutdownTimeout));
            out.println("serve: stopped; " + (finished ? "every pass in flight finished"
                    : "passes still running at the deadline were interrupted"));
            out.flush();
            stopped.countDown();
        }, "serve-shutdown"));
        out.println("serving " + apps.applications().size() + " application(s) on http://"
                + server.hostAndPort(bind));
        out.flush();
        stopped.await();
        return 0;
    }

    private static WebhookReceiver webhooks(AppsConfig apps) {
        WebhookReceiver.Builder b = WebhookReceiver.builder();
        apps.webhooks().forEach((provider, secret) -> {
            secret.read(environment);
            b.secret(provider, () -> secret.read(environment));
        });
        return b.build();
    }
}
