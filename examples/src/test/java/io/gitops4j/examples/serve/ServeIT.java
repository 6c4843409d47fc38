package io.gitops4j.examples.serve;

import static io.gitops4j.examples.serve.ServeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops4j.core.git.webhook.WebhookReceiver;
import io.gitops4j.testkit.kube.ResourceType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every endpoint of {@code ./gitops4j serve}, driven over HTTP against a running process: a fake API server, a real
 * Git server with basic auth, and the JSON API, webhooks, metrics and pages. Bad input is answered with a 4xx JSON
 * error and changes nothing (no write reaches the cluster, no pass is added to the history).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeIT {
    private ServeFixture serve;

    @BeforeAll
    void start() throws Exception {
        serve = ServeFixture.start();
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    private Map<String, Object> configMap(String name) {
        ResourceType type = serve.cluster.kube().typeOf("v1", "ConfigMap");
        return serve.cluster.kube().get(type, "shop", name);
    }

    @Test
    @Order(1)
    void listsTheApplicationsOfAppsYaml() throws Exception {
        HttpResponse<String> r = serve.get("/api/applications");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode apps = json(r).get("applications");
        assertThat(apps).hasSize(2);
        assertThat(apps.get(0).get("name").asText()).isEqualTo("legacy");
        JsonNode shop = apps.get(1);
        assertThat(shop.get("name").asText()).isEqualTo("shop");
        assertThat(shop.get("cluster").asText()).isEqualTo("default");
        assertThat(shop.at("/source/repository").asText()).isEqualTo(serve.repoUrl);
        assertThat(shop.at("/source/path").asText()).isEqualTo("shop");
        assertThat(shop.at("/sync/mode").asText()).isEqualTo("automated");
        assertThat(shop.at("/sync/intervalSeconds").asLong()).isEqualTo(86_400);
    }

    @Test
    @Order(2)
    void reconcileNowWithWaitAnswersThePassAndTheObjectsBecomeHealthy() throws Exception {
        HttpResponse<String> r = serve.post("/api/applications/shop/reconcile", "{\"wait\": true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode pass = json(r);
        assertThat(pass.get("outcome").asText()).as(r.body()).isEqualTo("SYNCED");
        assertThat(pass.at("/revision/id").asText()).isEqualTo(serve.repo.head("main").orElseThrow());
        assertThat(pass.at("/counts/CREATE").asInt()).isEqualTo(4);
        assertThat(pass.get("objects").findValuesAsText("outcome")).containsExactly("CREATED", "CREATED", "CREATED",
                "CREATED");
        assertThat(configMap("settings")).isNotNull();
        ServeFixture.awaitTrue("every object to be healthy", Duration.ofSeconds(60), () -> {
            try {
                JsonNode objects = json(serve.get("/api/applications/shop")).get("objects");
                return objects.size() == 4 && objects.findValues("status").stream()
                        .allMatch(s -> s.asText().equals("HEALTHY"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode app = json(serve.get("/api/applications/shop"));
        assertThat(app.at("/status/outcome").asText()).isEqualTo("SYNCED");
        assertThat(app.at("/status/lastSyncedRevision/id").asText()).isEqualTo(pass.at("/revision/id").asText());
        assertThat(app.get("objects").findValuesAsText("kind")).containsExactlyInAnyOrder("Namespace", "ConfigMap",
                "Secret", "Deployment");
        assertThat(serve.output()).contains("pass: shop SYNCED main@sha1:");
    }

    @Test
    @Order(3)
    void historyListsThePassesNewestFirst() throws Exception {
        JsonNode history = json(serve.get("/api/applications/shop/history")).get("history");
        assertThat(history.size()).isGreaterThanOrEqualTo(1);
        assertThat(history.get(0).get("outcome").asText()).isEqualTo("SYNCED");
        assertThat(history.get(0).get("phasesMillis").has("apply")).isTrue();
    }

    @Test
    @Order(4)
    void aPlanOfAnotherRefShowsTheFieldDiffWithTheSecretRedactedAndWritesNothing() throws Exception {
        serve.commitShop("<b>green</b>", "CANARY-SECRET-rotated", "feature");
        long writes = serve.cluster.requests().writes().size();
        HttpResponse<String> r = serve.get("/api/applications/shop/plan?ref=refs/heads/feature");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode plan = json(r);
        assertThat(plan.get("format").asText()).isEqualTo("gitops4j.plan/v1");
        assertThat(plan.at("/revision/commit").asText()).isEqualTo(serve.repo.head("feature").orElseThrow());
        assertThat(plan.get("inSync").asBoolean()).isFalse();
        assertThat(plan.at("/summary/UPDATE").asInt()).isEqualTo(2);
        assertThat(r.body()).contains("\"path\" : \".data.color\"", "\"before\" : \"\\\"blue\\\"\"",
                "\"after\" : \"\\\"<b>green</b>\\\"\"", "<redacted sha256:").doesNotContain("CANARY-SECRET");
        HttpResponse<String> posted = serve.post("/api/applications/shop/plan", "{\"ref\": \"feature\"}");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(json(posted).at("/revision/commit").asText()).isEqualTo(plan.at("/revision/commit").asText());
        HttpResponse<String> text = serve.get("/api/applications/shop/plan?ref=feature&format=text");
        assertThat(text.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(text.body()).contains(".data.color").doesNotContain("CANARY-SECRET");
        assertThat(serve.cluster.requests().writes()).hasSize((int) writes);
        assertThat(configMap("settings")).extracting(m -> ((Map<?, ?>) m.get("data")).get("color"))
                .isEqualTo("blue");
    }

    @Test
    @Order(5)
    void aSignedGithubPushReconcilesTheApplicationsFollowingTheRef() throws Exception {
        String commit = serve.commitShop("green", ServeFixture.SECRET_VALUE, "main");
        String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + commit + "\", \"repository\": "
                + "{\"clone_url\": \"" + serve.repoUrl + "\"}}";
        HttpResponse<String> r = serve.send("POST", "/api/webhooks", body, Map.of("Content-Type",
                "application/json", "X-GitHub-Event", "push", "X-GitHub-Delivery", UUID.randomUUID().toString(),
                "X-Hub-Signature-256", WebhookReceiver.sign(ServeFixture.HOOK_SECRET,
                        body.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).get("triggered").toString()).contains("\"shop\"");
        ServeFixture.awaitTrue("the push to be applied", Duration.ofSeconds(60), () ->
                "green".equals(((Map<?, ?>) configMap("settings").get("data")).get("color")));
    }

    @Test
    @Order(6)
    void en14_badInputIsA4xxJsonErrorAndChangesNothing() throws Exception {
        ServeFixture.awaitTrue("no pass in flight", Duration.ofSeconds(60), () -> {
            try {
                return !json(serve.get("/api/applications/shop")).at("/status/reconciling").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int history = json(serve.get("/api/applications/shop/history")).get("history").size();
        int writes = serve.cluster.requests().writes().size();

        assertError(serve.get("/api/applications/nope"), 404, "NOT_FOUND", "no Application named 'nope'");
        assertError(serve.post("/api/applications/nope/reconcile", "{}"), 404, "NOT_FOUND", "nope");
        assertError(serve.post("/api/applications/shop/reconcile", "{\"wait\": tru"), 400, "MALFORMED_JSON",
                "request body is not valid JSON");
        assertError(serve.post("/api/applications/shop/reconcile", "[1]"), 400, "MALFORMED_JSON", "JSON object");
        assertError(serve.post("/api/applications/shop/reconcile", "{\"wiat\": true}"), 400, "INVALID_INPUT",
                "unknown field 'wiat'");
        assertError(serve.post("/api/applications/shop/reconcile", "{\"wait\": \"yes\"}"), 400, "INVALID_INPUT",
                "wait must be true or false");
        assertError(serve.get("/api/applications/shop/reconcile"), 405, "METHOD_NOT_ALLOWED", "use POST");
        assertError(serve.get("/api/applications/shop/plan?ref=../x"), 400, "INVALID_INPUT", "");
        assertError(serve.get("/api/applications/shop/plan?ref=no-such-branch"), 422, "SOURCE_", "");
        assertError(serve.get("/api/nothing"), 404, "NOT_FOUND", "");
        String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + "0".repeat(39) + "1\", \"repository\": "
                + "{\"clone_url\": \"" + serve.repoUrl + "\"}}";
        HttpResponse<String> forged = serve.send("POST", "/api/webhooks", body, Map.of("X-GitHub-Event", "push",
                "X-GitHub-Delivery", UUID.randomUUID().toString(), "X-Hub-Signature-256",
                WebhookReceiver.sign("not-the-secret", body.getBytes(StandardCharsets.UTF_8))));
        assertError(forged, 401, "WEBHOOK_BAD_SIGNATURE", "");
        HttpResponse<String> unsigned = serve.send("POST", "/api/webhooks", body, Map.of("X-GitHub-Event", "push"));
        assertError(unsigned, 401, "WEBHOOK_UNSIGNED", "");
        String tooLarge = serve.raw("POST /api/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (2 << 20) + "\r\n\r\n");
        assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("\"code\" : \"WEBHOOK_TOO_LARGE\"");

        Thread.sleep(500); // a pass wrongly started by any of these would have written or been recorded by now
        assertThat(json(serve.get("/api/applications/shop/history")).get("history")).hasSize(history);
        assertThat(serve.cluster.requests().writes()).hasSize(writes);
        assertThat(json(serve.get("/api/applications/shop")).at("/status/reconciling").asBoolean()).isFalse();
    }

    @Test
    @Order(7)
    void en14_badInputToPlanApplyPinAndDeployIsA4xxJsonErrorAndChangesNothing() throws Exception {
        int writes = serve.cluster.requests().writes().size();
        int history = json(serve.get("/api/applications/shop/history")).get("history").size();
        assertError(serve.post("/api/applications/shop/plans/p1/apply", "{\"confirmPrune\": true}"), 404,
                "UNKNOWN_PLAN", "plan again");
        assertError(serve.post("/api/applications/shop/plans/p1/apply", "{\"confirmPrune\": \"yes\"}"), 400,
                "INVALID_INPUT", "confirmPrune");
        assertError(serve.get("/api/applications/shop/plans/p1/apply"), 405, "METHOD_NOT_ALLOWED", "POST");
        assertError(serve.send("PUT", "/api/applications/shop/pin", "{}", Map.of()), 400, "INVALID_INPUT",
                "revision");
        assertError(serve.send("PUT", "/api/applications/shop/pin", "{\"revision\": \"no-such-tag\"}", Map.of()),
                422, "SOURCE_", "no-such-tag");
        assertError(serve.post("/api/applications/shop/pin", "{}"), 405, "METHOD_NOT_ALLOWED", "PUT or DELETE");
        assertError(serve.get("/api/applications/shop/deployments/zz"), 400, "INVALID_INPUT", "commit id");
        assertError(serve.get("/api/applications/shop/deployments/" + "a".repeat(40) + "?timeoutSeconds=0"), 400,
                "INVALID_INPUT", "timeoutSeconds");
        assertError(serve.get("/api/applications/nope/pin"), 404, "NOT_FOUND", "nope");
        assertThat(json(serve.get("/api/applications/shop")).at("/status/pin").isNull()).isTrue();
        assertThat(json(serve.get("/api/applications/shop/history")).get("history")).hasSize(history);
        assertThat(serve.cluster.requests().writes()).hasSize(writes);
    }

    @Test
    @Order(8)
    void aManualApplicationWhosePathIsMissingFailsWithItsReasonAndTheOthersGoOn() throws Exception {
        HttpResponse<String> r = serve.post("/api/applications/legacy/reconcile", "{\"wait\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(json(r).get("error").asText()).contains("missing-directory");
        assertThat(json(r).at("/failure/phase").asText()).isNotEmpty();
        assertThat(json(r).at("/failure/message").asText()).isEqualTo(json(r).get("error").asText());
        JsonNode shop = json(serve.get("/api/applications/shop"));
        assertThat(shop.at("/status/outcome").asText()).isEqualTo("SYNCED");
    }

    @Test
    @Order(9)
    void metricsCountPassesAndWebhookDeliveries() throws Exception {
        HttpResponse<String> r = serve.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(r.body()).contains("# TYPE gitops4j_serve_reconcile_total counter",
                "gitops4j_serve_reconcile_total{application=\"shop\",outcome=\"SYNCED\"} ",
                "gitops4j_serve_reconcile_total{application=\"legacy\",outcome=\"FAILED\"} ",
                "gitops4j_serve_webhook_deliveries_total{result=\"accepted\"} 1",
                "gitops4j_serve_webhook_deliveries_total{result=\"bad_signature\"} 1",
                "gitops4j_serve_last_outcome{application=\"legacy\"} 2");
        assertThat(serve.get("/healthz").body()).isEqualTo("ok\n");
    }

    @Test
    @Order(10)
    void theStatusPageEscapesEveryValueAndNeverShowsSecrets() throws Exception {
        serve.commitShop("<script>alert(1)</script>", "CANARY-SECRET-next", "main");
        HttpResponse<String> page = serve.get("/applications/shop");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<h2>Pending plan</h2>", ".data.color",
                "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;redacted sha256:")
                .doesNotContain("<script>", "CANARY");
        assertThat(serve.get("/").body()).contains("<a href=\"/applications/shop\">shop</a>");
        assertError(serve.get("/applications/nope"), 404, "NOT_FOUND", "nope");
    }

    @Test
    @Order(11)
    void noSecretReachesAnyAnswerOrTheLog() throws Exception {
        StringBuilder all = new StringBuilder(serve.output());
        for (String path : new String[] {"/api/applications", "/api/applications/shop",
                "/api/applications/shop/history", "/api/applications/shop/plan", "/metrics", "/",
                "/applications/shop", "/applications/legacy"}) {
            all.append(serve.get(path).body());
        }
        assertThat(all.toString()).doesNotContain("CANARY");
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode error = json(r).get("error");
        assertThat(error.get("code").asText()).startsWith(code);
        assertThat(error.get("message").asText()).contains(message).doesNotContain("CANARY");
    }
}
