package io.gitops4j.testkit;

import io.gitops4j.testkit.server.CertificateAuthority;
import io.gitops4j.testkit.server.KubeconfigWriter;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.ServerParts;
import io.gitops4j.testkit.server.ServerTls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * <p>Plain HTTP by default. {@link Builder#tls} makes it an HTTPS server with a CA of its own, optionally requiring
 * client certificates as a real cluster does ({@link ApiServerTls}); the standalone jar serves plain HTTP only.
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
    private final ServerTls tls;

    private FakeApiServer(Builder b) throws IOException {
        this.kube = b.kube != null ? b.kube : FakeKube.create();
        this.tls = b.tls == null ? null : ServerTls.create(b.tls.clientCertificates());
        this.parts = ServerParts.start(kube, b.minor, b.port, b.threads, b.logCapacity, Clock.systemUTC(), tls);
        this.url = (tls == null ? "http" : "https") + "://127.0.0.1:" + parts.port();
        Path file = b.kubeconfig != null ? b.kubeconfig : Files.createTempFile("gitops4j-fake-kubeconfig-", ".yaml");
        this.deleteKubeconfig = b.kubeconfig == null;
        if (tls == null) {
            this.kubeconfig = KubeconfigWriter.write(file, url);
        } else {
            CertificateAuthority.Issued client = b.tls.clientCertificates()
                    ? tls.authority().issueClient(new CertificateAuthority.Subject(b.tls.user(), b.tls.groups()))
                    : null;
            this.kubeconfig = KubeconfigWriter.write(file, url, tls.authority().certificatePem(), client);
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

    /** The base URL, {@code http://127.0.0.1:PORT} ({@code https://} with {@link Builder#tls}). */
    public String url() {
        return url;
    }

    /** The port listened on. */
    public int port() {
        return parts.port();
    }

    /**
     * A kubeconfig file pointing at this server (cluster, user, current context). The user has no credentials, but
     * with {@link Builder#tls} the cluster carries the server's CA and, when client certificates are required, the
     * user a client certificate ({@link ApiServerTls}); that file then holds a private key and is readable by its
     * owner only.
     */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The CA certificate (PEM) the server's certificate is signed by; empty for a plain HTTP server. */
    public Optional<String> certificateAuthority() {
        return Optional.ofNullable(tls).map(t -> t.authority().certificatePem());
    }

    /**
     * Writes a kubeconfig for this HTTPS server whose user is a client certificate signed by the server's CA for
     * {@code user} in {@code groups} (CN and O entries), for testing what another identity may do.
     *
     * @return {@code file}
     * @throws IllegalStateException when the server speaks plain HTTP
     */
    public Path writeKubeconfig(Path file, String user, List<String> groups) {
        Objects.requireNonNull(file, "file");
        if (tls == null) {
            throw new IllegalStateException("client certificates need a server started with tls(..)");
        }
        return KubeconfigWriter.write(file, url, tls.authority().certificatePem(),
                tls.authority().issueClient(new CertificateAuthority.Subject(user, groups)));
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
        private ApiServerTls tls;

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

        /** Serve HTTPS with a CA of the server's own, optionally requiring client certificates (default: HTTP). */
        public Builder tls(ApiServerTls value) {
            this.tls = Objects.requireNonNull(value, "tls");
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
