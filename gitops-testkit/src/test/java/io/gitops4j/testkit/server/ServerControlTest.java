package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone server's control channel, against a server in this JVM. */
class ServerControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
            + "{\"name\":\"one\"},\"data\":{\"k\":\"v\"}}";

    private FakeApiServer server;
    private ServerControl control;
    private HttpTestClient http;

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
        control = new ServerControl(server);
        http = new HttpTestClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void requestsCountsWhatTheServerAnsweredByVerbResourceAndStatus() throws Exception {
        http.get("/version");
        http.send("POST", "/api/v1/namespaces/default/configmaps", CONFIG_MAP.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        http.get("/api/v1/namespaces/default/configmaps/one");
        http.get("/api/v1/namespaces/default/configmaps/missing");
        http.get("/api/v1/namespaces/default/configmaps");

        JsonNode counts = JSON.readTree(control.answer("requests"));

        assertThat(counts.get("total").asLong()).isEqualTo(5);
        assertThat(counts.get("byVerb").get("create").asLong()).isEqualTo(1);
        assertThat(counts.get("byVerb").get("get").asLong()).isEqualTo(3); // two objects and /version
        assertThat(counts.get("byVerb").get("list").asLong()).isEqualTo(1);
        assertThat(counts.get("byResource").get("configmaps").asLong()).isEqualTo(4);
        assertThat(counts.get("byStatus").get("404").asLong()).isEqualTo(1);
        assertThat(counts.get("byStatus").get("201").asLong()).isEqualTo(1);
        assertThat(counts.get("kept").asLong()).isEqualTo(5);
    }

    @Test
    void requestsAskedWhileRequestsArriveIsOneSnapshot() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread load = new Thread(() -> {
            HttpTestClient client = new HttpTestClient(server.url());
            while (!stop.get()) {
                try {
                    client.get("/api/v1/namespaces/default/configmaps");
                } catch (Exception e) {
                    return;
                }
            }
        });
        load.start();
        try {
            for (int i = 0; i < 300; i++) {
                JsonNode counts = JSON.readTree(control.answer("requests"));
                long total = counts.get("total").asLong();
                assertThat(counts.get("kept").asLong()).as("answer %d", i).isEqualTo(total);
                assertThat(counts.get("byVerb").get("list") == null ? 0 : counts.get("byVerb").get("list").asLong())
                        .as("answer %d", i).isEqualTo(total);
            }
        } finally {
            stop.set(true);
            load.join();
        }
    }

    @Test
    void clearForgetsTheCounters() throws Exception {
        http.get("/api/v1/namespaces/default/configmaps");
        assertThat(control.answer("clear")).isEqualTo("ok");

        JsonNode counts = JSON.readTree(control.answer("requests"));

        assertThat(counts.get("total").asLong()).isZero();
        assertThat(counts.get("byVerb").size()).isZero();
    }

    @Test
    void throttleAnswers429WithRetryAfterUntilUnthrottled() throws Exception {
        assertThat(control.answer("throttle 1 2 7")).isEqualTo("ok");

        HttpResponse<String> throttled = http.get("/api/v1/namespaces/default/configmaps");
        HttpResponse<String> discovery = http.get("/api");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("2");
        assertThat(discovery.statusCode()).as("discovery is throttled too").isEqualTo(429);

        assertThat(control.answer("unthrottle")).isEqualTo("ok");
        assertThat(http.get("/api/v1/namespaces/default/configmaps").statusCode()).isEqualTo(200);
        JsonNode counts = JSON.readTree(control.answer("requests"));
        assertThat(counts.get("byStatus").get("429").asLong()).isEqualTo(2);
    }

    @Test
    void aFractionThrottlesAboutThatShareOfRequests() throws Exception {
        control.answer("throttle 0.2");
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            if (http.get("/api/v1/namespaces/default/configmaps").statusCode() == 429) {
                throttled++;
            }
        }
        assertThat(throttled).isBetween(20, 60);
    }

    @Test
    void latencyDelaysEveryRequestUntilUnthrottled() throws Exception {
        assertThat(control.answer("latency 300")).isEqualTo("ok");

        long t0 = System.nanoTime();
        assertThat(http.get("/api/v1/namespaces/default/configmaps").statusCode()).isEqualTo(200);
        long delayed = System.nanoTime() - t0;
        assertThat(control.answer("unthrottle")).isEqualTo("ok");
        long t1 = System.nanoTime();
        http.get("/api/v1/namespaces/default/configmaps");
        long plain = System.nanoTime() - t1;

        assertThat(delayed).isGreaterThanOrEqualTo(300_000_000L);
        assertThat(plain).isLessThan(delayed);
    }

    @Test
    void writesCountsTheSuccessfulWritesUnderAPrefixAndWhenTheLastWasAnswered() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        http.send("POST", "/api/v1/namespaces/default/configmaps", CONFIG_MAP.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        http.send("POST", "/api/v1/namespaces/default/configmaps", CONFIG_MAP.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");   // 409: exists
        http.get("/api/v1/namespaces/default/configmaps/one");
        java.time.Instant after = java.time.Instant.now();

        JsonNode writes = JSON.readTree(control.answer("writes /api/v1/namespaces/default/"));
        JsonNode none = JSON.readTree(control.answer("writes /api/v1/namespaces/other/"));

        assertThat(writes.get("count").asLong()).isEqualTo(1);
        long last = writes.get("lastAnsweredMicros").asLong();
        assertThat(last).isBetween(before.toEpochMilli() * 1000, after.toEpochMilli() * 1000 + 1000);
        assertThat(none.get("count").asLong()).isZero();
        assertThat(none.get("lastAnsweredMicros").asLong()).isZero();
    }

    @Test
    void badCommandsAreAnsweredWithAnErrorAndChangeNothing() throws Exception {
        assertThat(control.answer("latency")).isEqualTo("error: latency takes 1 argument(s), got 0");
        assertThat(control.answer("latency -5")).startsWith("error: MS must be a whole number");
        assertThat(control.answer("bogus")).startsWith("error: unknown command 'bogus'");
        assertThat(control.answer("throttle")).isEqualTo("error: throttle takes 1 to 3 argument(s), got 0");
        assertThat(control.answer("throttle 0")).isEqualTo("error: P must be a number in (0, 1]: 0");
        assertThat(control.answer("throttle 1.5")).startsWith("error: P must be a number in (0, 1]");
        assertThat(control.answer("throttle 0.5 -1")).startsWith("error: SECONDS must be a whole number");
        assertThat(control.answer("requests now")).startsWith("error: requests takes 0 argument(s)");

        assertThat(http.get("/api/v1/namespaces/default/configmaps").statusCode()).isEqualTo(200);
    }

    @Test
    void serveAnswersOneLinePerCommandUntilTheInputEnds() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        control.serve(new BufferedReader(new StringReader("clear\n\nrequests\nbogus\n")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("ok");
        assertThat(JSON.readTree(lines[1]).get("total").asLong()).isZero();
        assertThat(lines[2]).startsWith("error:");
    }
}
