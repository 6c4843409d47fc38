package io.gitops4j.testkit;

import io.gitops4j.testkit.server.KubeconfigWriter;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.ServerParts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * A {@link FakeKube} served over HTTP/1.1 on 127.0.0.1, so real clients (kubectl 1.27–1.33, the official Java
 * client, anything with a kubeconfig) can talk to it.
 *
 * <pre>{@code
 * try (var server = FakeApiServer.start()) {
 *     ApiClient client = Config.fromUrl(server.url(), false);
 *     // or: kubectl --kubeconfig server.kubeconfig() get ns
 * }
 * }</pre>
 *
 * <p>A thin adapter: every Kubernetes semantic comes from the {@link FakeKube} behind it ({@link #kube()}). The server
 * adds what only exists over HTTP: {@code /version} (its minor version makes the {@code kubectl} dispatcher pick the
 * matching binary), health endpoints, discovery (legacy and aggregated), OpenAPI v3 (and v2 protobuf for kubectl
 * 1.27/1.28), Table answers for {@code kubectl get}, watch streams, protobuf request bodies, the 3 MiB body limit, a
 * {@link #requests() request log}, and impersonation: a request with {@code Impersonate-User}/{@code Impersonate-Group}
 * headers is authorized as that user with the RBAC objects stored in the fake (others are the administrator's). Bad
 * input gets a 4xx {@code Status}, never a crash.
 *
 * <p>Thread-safe. Each connection is served by a thread of a bounded pool (keep-alive, no hand-off between threads);
 * watch streams by a pool of their own.
 */
public final class FakeApiServer implements AutoCloseable {
    private final FakeKube kube;
    private final ServerParts parts;
    private final String url;
    private final Path kubeconfig;
    private final boolean deleteKubeconfig;

    private FakeApiServer(Builder b) throws IOException {
        this.kube = b.kube != null ? b.kube : FakeKube.create();
        this.parts = ServerParts.start(kube, b.minor, b.port, b.threads, b.logCapacity, Clock.systemUTC());
        this.url = "http://127.0.0.1:" + parts.port();
        if (b.kubeconfig != null) {
            this.kubeconfig = KubeconfigWriter.write(b.kubeconfig, url);
            this.deleteKubeconfig = false;
        } else {
            Path file = Files.createTempFile("gitops4j-fake-kubeconfig-", ".yaml");
            this.kubeconfig = KubeconfigWriter.write(file, url);
            this.deleteKubeconfig = true;
        }
    }

    /** Starts a server on a free port announcing Kubernetes v1.33, with a fresh {@link FakeKube}. */
    public static FakeApiServer start() {
        return builder().start();
    }

    /** A builder for a server with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return url;
    }

    /** The port listened on. */
    public int port() {
        return parts.port();
    }

    /** A kubeconfig file pointing at this server (cluster, user without credentials, current context). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The fake behind the server, for direct setup and assertions. */
    public FakeKube kube() {
        return kube;
    }

    /** The requests answered so far, with counters by verb and resource. */
    public RequestLog requests() {
        return parts.log();
    }

    /**
     * Ends every watch stream open now, as an API server restart or a proxy's idle timeout does: clients see their
     * watch response end and watch again (from the last resourceVersion they saw; after {@link FakeKube#compact()}
     * that gets 410 Gone). New watches are served as before.
     *
     * @return how many streams were ended
     */
    public int endWatches() {
        return parts.endWatches();
    }

    /**
     * The BOOKMARK events sent on watch streams so far (to watches asking for them with {@code allowWatchBookmarks},
     * after a quiet {@link FakeKube.Builder#bookmarkInterval}). A bookmark is counted once it has been flushed to its
     * client, so a test can wait for one instead of sleeping past the interval.
     */
    public long bookmarksSent() {
        return parts.bookmarksSent();
    }

    /** Stops serving: open watches end, the port is released, the kubeconfig written to a temp file is deleted. */
    @Override
    public void close() {
        parts.close();
        if (deleteKubeconfig) {
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /** Settings of a {@link FakeApiServer}. */
    public static final class Builder {
        private int port;
        private int minor = 33;
        private FakeKube kube;
        private Path kubeconfig;
        private int threads = 128;
        private int logCapacity = 100_000;

        private Builder() {
        }

        /** The port to listen on; 0 (default) picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The Kubernetes minor version announced by {@code /version} (default 33). The {@code kubectl} dispatcher
         * runs the matching binary. {@code /openapi/v2} is served at every minor, as a real server serves it.
         */
        public Builder kubernetesMinor(int value) {
            if (value < 20 || value > 99) {
                throw new IllegalArgumentException("unsupported minor version: " + value);
            }
            this.minor = value;
            return this;
        }

        /** Serve this fake instead of a fresh one. */
        public Builder kube(FakeKube value) {
            this.kube = Objects.requireNonNull(value, "kube");
            return this;
        }

        /** Write the kubeconfig here (kept after close) instead of a temporary file. */
        public Builder kubeconfig(Path file) {
            this.kubeconfig = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Connections served at once, one thread each (default 128); more are closed on arrival. */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be positive: " + value);
            }
            this.threads = value;
            return this;
        }

        /** How many requests the log keeps (default 100,000; counters count all). */
        public Builder requestLogCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("requestLogCapacity must be positive: " + value);
            }
            this.logCapacity = value;
            return this;
        }

        /** Starts the server. */
        public FakeApiServer start() {
            try {
                return new FakeApiServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake API server", e);
            }
        }
    }
}
