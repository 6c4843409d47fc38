package io.gitops4j.testkit.server;

import io.gitops4j.testkit.FakeApiServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gitops-testkit-fake-apiserver.jar [serve] [--port N] [--kubeconfig FILE] [--minor N] [--control]}:
 * starts a fake API server on 127.0.0.1, writes a kubeconfig for it when asked, prints exactly one line
 * {@code listening on http://127.0.0.1:PORT} and serves until the process is killed. With {@code --control} it also
 * answers the commands of {@link ServerControl} read from stdin (the request log's counters, throttling), one line
 * each on stdout, and stops when stdin ends, so a parent process that dies leaves no server behind.
 */
public final class StandaloneMain {
    private StandaloneMain() {
    }

    /**
     * What to start.
     *
     * @param port       the port, 0 for a free one
     * @param kubeconfig where to write a kubeconfig, or null for a temporary file
     * @param minor      the Kubernetes minor version announced by {@code /version}
     * @param control    whether to answer {@link ServerControl} commands from stdin and stop when it ends
     */
    public record Options(int port, Path kubeconfig, int minor, boolean control) {
        /** Options without the control channel. */
        public Options(int port, Path kubeconfig, int minor) {
            this(port, kubeconfig, minor, false);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: [serve] [--port N] [--kubeconfig FILE] [--minor N] [--control]");
            System.exit(2);
            return;
        }
        FakeApiServer server = start(options, System.out);
        if (options.control()) {
            try (server) {
                new ServerControl(server).serve(new BufferedReader(new InputStreamReader(System.in,
                        StandardCharsets.UTF_8)), System.out);
            } catch (IOException e) {
                System.err.println("fake-apiserver: stdin failed (" + e.getClass().getSimpleName() + "); stopping");
            }
            System.exit(0);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-apiserver-shutdown"));
        stopped.await();
    }

    /** Starts the server described by {@code options} and prints the listening line to {@code out}. */
    public static FakeApiServer start(Options options, PrintStream out) {
        FakeApiServer.Builder builder = FakeApiServer.builder().port(options.port()).kubernetesMinor(options.minor());
        if (options.kubeconfig() != null) {
            builder.kubeconfig(options.kubeconfig());
        }
        FakeApiServer server = builder.start();
        out.println("listening on " + server.url());
        out.flush();
        return server;
    }

    /** Parses the arguments; {@link IllegalArgumentException} on anything unknown or malformed. */
    static Options parse(String[] args) {
        int port = 0;
        Path kubeconfig = null;
        int minor = 33;
        boolean control = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i == 0 && a.equals("serve")) {
                continue;
            }
            if (a.equals("--control")) {
                control = true;
                continue;
            }
            String value;
            String name;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                name = a;
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                value = args[++i];
            }
            switch (name) {
                case "--port" -> port = number(value, "--port");
                case "--kubeconfig" -> kubeconfig = Path.of(value);
                case "--minor" -> minor = number(value, "--minor");
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port out of range: " + port);
        }
        return new Options(port, kubeconfig, minor, control);
    }

    private static int number(String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number: " + value);
        }
    }
}
