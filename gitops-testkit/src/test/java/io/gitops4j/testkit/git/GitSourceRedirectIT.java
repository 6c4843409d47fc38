package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitCredentials;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.GitSourceBuilder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GS-06 with recording HTTP servers: a redirect to another port or another host is refused and credentials never
 * reach the target, which speaks the same scheme and records every Authorization header it gets (each test shows it
 * does); credentials never go over plain {@code http://} unless allowed.
 */
@Timeout(60)
class GitSourceRedirectIT {
    static final String TOKEN = "CANARY-TOKEN-redirect-77";

    /** What a server saw: one entry per request, the Authorization header or "-". */
    record Recorder(HttpServer server, List<String> auth) {
        int port() {
            return server.getAddress().getPort();
        }

        long withCredentials() {
            return auth.stream().filter(a -> !a.equals("-")).count();
        }
    }

    Recorder origin;
    Recorder target;
    volatile String location;

    @BeforeEach
    void start() throws IOException {
        target = recorder(ex -> answer(ex, 404, null));
        origin = recorder(ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                answer(ex, 401, null);
            } else {
                answer(ex, 302, location.replace("PORT", String.valueOf(target.port())));
            }
        });
    }

    @AfterEach
    void stop() {
        origin.server().stop(0);
        target.server().stop(0);
    }

    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    static Recorder recorder(Handler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        List<String> auth = new CopyOnWriteArrayList<>();
        s.createContext("/", ex -> {
            String a = ex.getRequestHeaders().getFirst("Authorization");
            auth.add(a == null ? "-" : a);
            h.handle(ex);
        });
        s.start();
        return new Recorder(s, auth);
    }

    static void answer(HttpExchange ex, int code, String redirectTo) throws IOException {
        if (redirectTo != null) {
            ex.getResponseHeaders().add("Location", redirectTo);
        }
        ex.sendResponseHeaders(code, -1);
        ex.close();
    }

    GitSourceBuilder builder(Supplier<GitCredential> credential) {
        return GitSource.builder().credentials(GitCredentials.forHost("127.0.0.1", credential));
    }

    SourceSpec spec() {
        return SourceSpec.git("http://127.0.0.1:" + origin.port() + "/team/repo.git", "main", "");
    }

    static SourceException fails(GitSource source, SourceSpec spec) {
        SourceException e = GitFixturesPerClass.fails(() -> source.resolve(spec));
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        return e;
    }

    @Test
    @DisplayName("GS-06 a redirect to the same host on another port is refused; credentials sent once, never to it")
    void otherPort() throws IOException {
        location = "http://127.0.0.1:PORT/team/repo.git/info/refs?service=git-upload-pack";
        SourceException e;
        try (GitSource source = builder(() -> new GitCredential.UsernamePassword("alice", TOKEN))
                .allowCredentialsOverPlainHttp(true).build()) {
            e = fails(source, spec());
        }
        assertThat(target.auth()).as("the redirect target was never contacted").isEmpty();
        assertThat(origin.withCredentials()).as("credentials went to the configured URL once").isEqualTo(1);
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).contains("another scheme or port on the same host");
        assertRecordsCredentials(target, "127.0.0.1");
    }

    @Test
    @DisplayName("GS-06 a redirect to another host over the same scheme is refused; the bearer token never reaches it")
    void otherHost() throws IOException {
        location = "http://localhost:PORT/team/repo.git/info/refs?service=git-upload-pack";
        SourceException e;
        try (GitSource source = builder(() -> new GitCredential.BearerToken(TOKEN))
                .allowCredentialsOverPlainHttp(true).build()) {
            e = fails(source, spec());
        }
        assertThat(target.auth()).as("the other host was never contacted").isEmpty();
        assertThat(origin.withCredentials()).as("the token went to the configured host").isEqualTo(1);
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).contains("a redirect to another host");
        assertRecordsCredentials(target, "localhost");
    }

    /**
     * The control: the target does record an Authorization header that reaches it over the scheme and host name the
     * redirect named, so its empty record above means the token never went there.
     */
    static void assertRecordsCredentials(Recorder r, String host) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + ":" + r.port() + "/probe").toURL()
                .openConnection();
        c.setRequestProperty("Authorization", "Bearer probe");
        assertThat(c.getResponseCode()).isEqualTo(404);
        c.disconnect();
        assertThat(r.auth()).containsExactly("Bearer probe");
        r.auth().clear();
    }

    @Test
    @DisplayName("GS-06 credentials are never sent over plain http:// unless allowCredentialsOverPlainHttp")
    void plainHttp() {
        location = "http://127.0.0.1:PORT/x";
        for (Supplier<GitCredential> c : List.<Supplier<GitCredential>>of(
                () -> new GitCredential.UsernamePassword("alice", TOKEN), () -> new GitCredential.BearerToken(TOKEN))) {
            try (GitSource source = builder(c).build()) {
                SourceException e = fails(source, spec());
                assertThat(e.reason()).isEqualTo(Reason.POLICY);
                assertThat(e.getMessage()).contains("unencrypted http");
            }
        }
        assertThat(origin.withCredentials()).as("no request carried credentials").isZero();
        assertThat(origin.auth()).noneMatch(a -> a.contains(TOKEN));
    }
}
