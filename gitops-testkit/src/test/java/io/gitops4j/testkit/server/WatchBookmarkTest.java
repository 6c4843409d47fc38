package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link FakeApiServer#bookmarksSent()}: a bookmark is counted once its client can read it, and only when asked for. */
class WatchBookmarkTest {
    private static final String WATCH = "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=120";

    @Test
    void aCountedBookmarkIsOnTheWireAndWatchesWithoutBookmarksGetNone() throws Exception {
        FakeKube kube = FakeKube.builder().bookmarkInterval(Duration.ofMillis(50)).build();
        try (FakeApiServer server = FakeApiServer.builder().kube(kube).start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<List<String>> plain = open(client, server.url() + WATCH);
            CompletableFuture<List<String>> withBookmarks = open(client, server.url() + WATCH
                    + "&allowWatchBookmarks=true");

            assertThat(eventually(() -> server.bookmarksSent() >= 1)).isTrue();
            long sent = server.bookmarksSent();
            assertThat(eventually(() -> server.endWatches() == 0 && plain.isDone() && withBookmarks.isDone()))
                    .isTrue();

            assertThat(plain.get(10, TimeUnit.SECONDS)).isEmpty();
            List<String> lines = withBookmarks.get(10, TimeUnit.SECONDS);
            assertThat(lines).hasSizeGreaterThanOrEqualTo((int) sent)
                    .allSatisfy(l -> assertThat(l).contains("\"type\":\"BOOKMARK\"")
                            .contains("\"resourceVersion\":\"" + kube.resourceVersion() + "\""));
        }
    }

    private static CompletableFuture<List<String>> open(HttpClient client, String url) throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> WatchEndTest.readAll(r.body()));
    }

    private static boolean eventually(java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return check.getAsBoolean();
    }
}
