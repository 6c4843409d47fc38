package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeApiServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link FakeApiServer#endWatches()}: open watch streams end, as on a server restart; new ones are served. */
class WatchEndTest {
    @Test
    void endWatchesEndsOpenStreamsAndLaterWatchesAreServed() throws Exception {
        try (FakeApiServer server = FakeApiServer.start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest watch = HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=120")).build();
            HttpResponse<java.io.InputStream> first = client.send(watch, HttpResponse.BodyHandlers.ofInputStream());
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readAll(first.body()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int ended = 0;
            while (ended == 0 && System.nanoTime() < deadline) {
                ended = server.endWatches();
                Thread.sleep(10);
            }

            assertThat(ended).isEqualTo(1);
            assertThat(lines.get(10, TimeUnit.SECONDS)).isEmpty();
            HttpResponse<java.io.InputStream> second = client.send(watch, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(second.statusCode()).isEqualTo(200);
            second.body().close();
        }
    }

    /** @return the lines of a watch stream until it ends */
    static List<String> readAll(java.io.InputStream in) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        } catch (java.io.IOException e) {
            out.add("failed: " + e);
        }
        return out;
    }
}
