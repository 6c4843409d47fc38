package io.gitops4j.examples.serve;

import static io.gitops4j.examples.serve.ServeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * serve's endpoints on the engine's plan, pin and deploy API, driven over HTTP against a running process (a fake API
 * server with status simulators, a real Git server): a reviewed plan whose prunes a guard held is applied by id only
 * when confirmed, a stale one is refused; a pin rolls back and its release goes forward again; the long poll answers
 * when a commit is deployed and healthy, and at its timeout otherwise.
 */
class ServeEngineApiIT {
    private static Object color(ServeFixture serve) {
        ResourceType type = serve.cluster.kube().typeOf("v1", "ConfigMap");
        try {
            return ((Map<?, ?>) serve.cluster.kube().get(type, "shop", "settings").get("data")).get("color");
        } catch (FakeKubeException e) {
            return null;
        }
    }

    private static JsonNode sync(ServeFixture serve) throws Exception {
        HttpResponse<String> r = serve.post("/api/applications/shop/reconcile", "{\"wait\": true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void pr03_aReviewedPlanWithHeldPrunesIsAppliedByIdOnlyWhenConfirmedAndAStalePlanIsRefused() throws Exception {
        try (ServeFixture serve = ServeFixture.start()) {
            assertThat(sync(serve).get("outcome").asText()).isEqualTo("SYNCED");
            serve.repo.commit("drop settings and db").remove("shop/settings.yaml").remove("shop/db.yaml").create();

            JsonNode plan = json(serve.get("/api/applications/shop/plan"));
            assertThat(plan.get("pruneHeld").asBoolean()).as(plan.toString()).isTrue();
            String id = plan.get("id").asText();
            int writes = serve.cluster.requests().writes().size();
            HttpResponse<String> unconfirmed = serve.post("/api/applications/shop/plans/" + id + "/apply", "{}");
            assertThat(unconfirmed.statusCode()).as(unconfirmed.body()).isEqualTo(409);
            assertThat(json(unconfirmed).at("/error/code").asText()).isEqualTo("CONFIRMATION_REQUIRED");
            assertThat(serve.cluster.requests().writes()).hasSize(writes);

            HttpResponse<String> applied = serve.post("/api/applications/shop/plans/" + id + "/apply",
                    "{\"confirmPrune\": true}");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            assertThat(json(applied).get("trigger").asText()).isEqualTo("PLAN_APPLY");
            assertThat(json(applied).get("objects").findValuesAsText("outcome")).filteredOn("DELETED"::equals)
                    .hasSize(2);
            assertThat(color(serve)).isNull();

            serve.commitShop("green", ServeFixture.SECRET_VALUE, "main");
            String stale = json(serve.get("/api/applications/shop/plan")).get("id").asText();
            serve.commitShop("red", ServeFixture.SECRET_VALUE, "main");
            writes = serve.cluster.requests().writes().size();
            HttpResponse<String> refused = serve.post("/api/applications/shop/plans/" + stale + "/apply", "{}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused).at("/error/code").asText()).isEqualTo("PLAN_STALE");
            assertThat(json(refused).at("/error/message").asText()).contains("REVISION_MOVED");
            assertThat(serve.cluster.requests().writes()).hasSize(writes);
            assertThat(color(serve)).isNull();
        }
    }

    @Test
    void en16_aPinRollsBackToAnEarlierCommitAndItsReleaseGoesForwardAgain() throws Exception {
        try (ServeFixture serve = ServeFixture.start()) {
            String first = serve.repo.head("main").orElseThrow();
            sync(serve);
            serve.commitShop("green", ServeFixture.SECRET_VALUE, "main");
            sync(serve);
            assertThat(color(serve)).isEqualTo("green");

            HttpResponse<String> pinned = serve.send("PUT", "/api/applications/shop/pin",
                    "{\"revision\": \"" + first + "\", \"reason\": \"green broke checkout\"}", Map.of());
            assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
            assertThat(json(pinned).at("/pass/revision/id").asText()).isEqualTo(first);
            assertThat(json(pinned).at("/pass/outcome").asText()).isEqualTo("SYNCED");
            assertThat(json(pinned).at("/pin/reason").asText()).isEqualTo("green broke checkout");
            assertThat(color(serve)).isEqualTo("blue");
            JsonNode status = json(serve.get("/api/applications/shop")).get("status");
            assertThat(status.at("/pin/revision/id").asText()).isEqualTo(first);

            // a pin the cluster refuses to remove still holds, and says so (EN-21)
            FaultRule refused = Faults.of(serve.cluster.kube()).on(Verb.DELETE).resource("configmaps")
                    .name("gitops4j-pin-shop").inject(Fault.admissionDenied("policy.acme.io", "pins stay"));
            HttpResponse<String> kept = serve.send("DELETE", "/api/applications/shop/pin", null, Map.of());
            assertThat(kept.statusCode()).as(kept.body()).isEqualTo(503);
            assertThat(json(kept).at("/error/code").asText()).isEqualTo("UNPIN_FAILED");
            assertThat(json(serve.get("/api/applications/shop")).at("/status/pin/revision/id").asText())
                    .isEqualTo(first);
            refused.clear();

            HttpResponse<String> released = serve.send("DELETE", "/api/applications/shop/pin", null, Map.of());
            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
            assertThat(json(released).at("/released/revision/id").asText()).isEqualTo(first);
            assertThat(json(serve.get("/api/applications/shop")).at("/status/pin").isNull()).isTrue();
            ServeFixture.awaitTrue("the unpinned pass to deploy green again", Duration.ofSeconds(60),
                    () -> "green".equals(color(serve)));
            HttpResponse<String> none = serve.send("DELETE", "/api/applications/shop/pin", null, Map.of());
            assertThat(json(none).get("released").isNull()).isTrue();
        }
    }

    @Test
    void en15_theLongPollAnswersWhenACommitIsDeployedAndHealthyAndAtItsTimeoutOtherwise() throws Exception {
        try (ServeFixture serve = ServeFixture.start()) {
            String head = serve.repo.head("main").orElseThrow();
            sync(serve);
            HttpResponse<String> deployed = serve.get("/api/applications/shop/deployments/" + head
                    + "?timeoutSeconds=60");
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
            assertThat(json(deployed).get("commit").asText()).isEqualTo(head);
            assertThat(json(deployed).at("/pass/outcome").asText()).isEqualTo("SYNCED");

            long start = System.nanoTime();
            HttpResponse<String> late = serve.get("/api/applications/shop/deployments/" + "b".repeat(40)
                    + "?timeoutSeconds=1");
            assertThat(late.statusCode()).as(late.body()).isEqualTo(504);
            assertThat(json(late).at("/error/code").asText()).isEqualTo("TIMEOUT");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }
}
