package io.gitops4j.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.target.InMemoryTarget;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.server.RequestRecord;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each fault kind over HTTP, scoping, frequencies, determinism, slow CRDs and the faulty target. */
class FaultInjectionTest {
    private static final String CMS = "/api/v1/namespaces/default/configmaps";

    private FakeApiServer server;
    private Faults faults;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        server = FakeApiServer.start();
        faults = Faults.of(server.kube());
        http = new Http(server.url());
        assertThat(http.post(CMS, cm("a")).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String cm(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"data\":{\"k\":\"v\"}}";
    }

    /** The server records a request after its response is sent: wait for the record. */
    private void awaitLogged(int gets) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.requests().records(r -> r.verb().equals("get")).size() < gets
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void nextNFailsExactlyNMatchingRequestsThenServesNormally() throws Exception {
        FaultRule rule = faults.on(Verb.GET).resource("configmaps").next(2).inject(Fault.serviceUnavailable());

        assertThat(http.get(CMS + "/a").statusCode()).isEqualTo(503);
        assertThat(http.get(CMS).statusCode()).as("a list is not a get").isEqualTo(200);
        assertThat(http.get(CMS + "/a").statusCode()).isEqualTo(503);
        assertThat(http.get(CMS + "/a").statusCode()).isEqualTo(200);
        assertThat(rule.fired()).isEqualTo(2);
        assertThat(rule.isSpent()).isTrue();
    }

    @Test
    void scopeNarrowsByVerbResourceNamespaceAndName() throws Exception {
        assertThat(http.post(CMS, cm("b")).statusCode()).isEqualTo(201);
        faults.on(Verb.PATCH).resource("configmaps").namespace("default").name("b").inject(Fault.internalError());

        assertThat(http.mergePatch(CMS + "/a", "{\"data\":{\"x\":\"1\"}}").statusCode()).isEqualTo(200);
        assertThat(http.get(CMS + "/b").statusCode()).isEqualTo(200);
        assertThat(http.mergePatch("/api/v1/namespaces/kube-system/configmaps/b", "{}").statusCode())
                .as("other namespace: served (404, no such object)").isEqualTo(404);
        HttpResponse<String> hit = http.mergePatch(CMS + "/b", "{\"data\":{\"x\":\"1\"}}");
        assertThat(hit.statusCode()).isEqualTo(500);
        assertThat(hit.body()).contains("\"reason\":\"InternalError\"", "Internal error occurred");
        assertThat(server.kube().get(server.kube().type("", "v1", "configmaps"), "default", "b"))
                .extractingByKey("data").isEqualTo(Map.of("k", "v"));
    }

    @Test
    void kindNamesAndGroupQualifiedResourcesMatchToo() {
        RequestInfo patchDeploy = new RequestInfo("patch", "", "apps", "deployments", "", "shop", "web");
        assertThat(new RequestMatch(java.util.Set.of(Verb.PATCH), "Deployment", "", "").matches(patchDeploy)).isTrue();
        assertThat(new RequestMatch(null, "deployments.apps", "shop", "web").matches(patchDeploy)).isTrue();
        assertThat(new RequestMatch(null, "deployments/status", "", "").matches(patchDeploy)).isFalse();
        assertThat(new RequestMatch(java.util.Set.of(Verb.GET), "", "", "").matches(patchDeploy)).isFalse();
        assertThat(new RequestMatch(null, "", "", "").matches(new RequestInfo("get", "/version", "", "", "", "", "")))
                .isTrue();
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        faults.on(Verb.LIST).next(1).inject(Fault.tooManyRequests(3));

        HttpResponse<String> r = http.get(CMS);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("3");
        assertThat(r.body()).contains("\"reason\":\"TooManyRequests\"", "\"retryAfterSeconds\":3");
    }

    @Test
    void conflictUsesTheRealOptimisticConcurrencyMessage() throws Exception {
        faults.on(Verb.UPDATE, Verb.PATCH).next(1).inject(Fault.conflict());

        HttpResponse<String> r = http.mergePatch(CMS + "/a", "{}");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("Operation cannot be fulfilled on configmaps \\\"a\\\": the object has been "
                + "modified; please apply your changes to the latest version and try again");
    }

    @Test
    void gatewayTimeoutAndServiceUnavailable() throws Exception {
        faults.on(Verb.GET).next(1).inject(Fault.gatewayTimeout());
        faults.on(Verb.GET).next(1).inject(Fault.serviceUnavailable());

        HttpResponse<String> first = http.get(CMS + "/a");
        HttpResponse<String> second = http.get(CMS + "/a");

        assertThat(first.statusCode()).isEqualTo(504);
        assertThat(first.body()).contains("\"reason\":\"Timeout\"");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).contains("\"reason\":\"ServiceUnavailable\"");
    }

    @Test
    void connectionResetClosesWithoutAnyResponse() throws Exception {
        faults.on(Verb.GET).resource("configmaps").next(1).inject(Fault.connectionReset());

        assertThat(Http.rawGet(server.port(), CMS + "/a")).isEmpty();
        assertThat(Http.rawGet(server.port(), CMS + "/a")).startsWith("HTTP/1.1 200");
        assertThat(faults.injected()).singleElement().extracting(Injection::fault).isEqualTo("connection reset");
    }

    @Test
    void admissionDenialLooksLikeAWebhookRejectionToTheOfficialClient() throws Exception {
        faults.on(Verb.CREATE).resource("configmaps").inject(Fault.admissionDenied("policy.example.com",
                "configmaps must carry a team label"));
        CoreV1Api api = new CoreV1Api(Config.fromUrl(server.url(), false));

        assertThatThrownBy(() -> api.createNamespacedConfigMap("default",
                new V1ConfigMap().metadata(new V1ObjectMeta().name("b"))).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getResponseBody()).contains("admission webhook \\\"policy.example.com\\\" denied "
                            + "the request: configmaps must carry a team label");
                });
        assertThat(api.readNamespacedConfigMap("a", "default").execute().getMetadata().getName()).isEqualTo("a");
    }

    @Test
    void latencyDelaysThenServes() throws Exception {
        faults.on(Verb.GET).inject(Fault.latency(Duration.ofMillis(300)));

        long start = System.nanoTime();
        HttpResponse<String> r = http.get(CMS + "/a");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(tookMillis).isGreaterThanOrEqualTo(300);
        awaitLogged(1);
        assertThat(server.requests().records(rec -> rec.verb().equals("get")))
                .singleElement().extracting(RequestRecord::duration)
                .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(300)));
    }

    @Test
    void untilClearedFiresEveryTimeUntilTheRuleIsCleared() throws Exception {
        FaultRule rule = faults.on(Verb.GET).untilCleared().inject(Fault.internalError());
        for (int i = 0; i < 5; i++) {
            assertThat(http.get(CMS + "/a").statusCode()).isEqualTo(500);
        }

        rule.clear();

        assertThat(http.get(CMS + "/a").statusCode()).isEqualTo(200);
        assertThat(rule.fired()).isEqualTo(5);
    }

    @Test
    void fractionFiresOnRoughlyThatShareOfRequests() throws Exception {
        faults.reseed(7).on(Verb.GET).fraction(0.3).inject(Fault.serviceUnavailable());
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            failed += http.get(CMS + "/a").statusCode() == 503 ? 1 : 0;
        }
        assertThat(failed).isBetween(35, 85);
        assertThat(faults.injected()).hasSize(failed);
    }

    @Test
    void sameSeedGivesTheSameSequenceOfInjectedFailures() throws Exception {
        List<String> first = runSeeded(42);
        List<String> second = runSeeded(42);
        List<String> other = runSeeded(43);

        assertThat(first).hasSizeGreaterThan(10).isEqualTo(second);
        assertThat(other).isNotEqualTo(first);
    }

    /** Fresh server, mixed rules, 120 requests; the outcome of each request in order. */
    private static List<String> runSeeded(long seed) throws Exception {
        try (FakeApiServer s = FakeApiServer.start()) {
            Http client = new Http(s.url());
            client.post(CMS, cm("a"));
            Faults f = Faults.of(s.kube()).reseed(seed);
            f.on(Verb.GET).fraction(0.2).inject(Fault.serviceUnavailable());
            f.on(Verb.GET).fraction(0.1).inject(Fault.tooManyRequests(1));
            f.on(Verb.PATCH).fraction(0.25).inject(Fault.conflict());
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                HttpResponse<String> r = i % 3 == 0 ? client.mergePatch(CMS + "/a", "{}") : client.get(CMS + "/a");
                outcomes.add(i + ":" + r.statusCode());
            }
            List<String> injected = f.injected().stream().map(Injection::toString).toList();
            assertThat(injected).hasSize((int) outcomes.stream().filter(o -> !o.endsWith(":200")).count());
            return outcomes;
        }
    }

    @Test
    void injectedAnswersAreInTheRequestLog() throws Exception {
        faults.on(Verb.GET).next(1).inject(Fault.tooManyRequests(1));
        http.get(CMS + "/a");
        http.get(CMS + "/a");
        awaitLogged(2);

        assertThat(server.requests().records(r -> r.verb().equals("get")))
                .extracting(RequestRecord::status).containsExactly(429, 200);
    }

    private static String crd(String plural, String kind) {
        return "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                + "\"metadata\":{\"name\":\"" + plural + ".example.com\"},\"spec\":{\"group\":\"example.com\","
                + "\"scope\":\"Namespaced\",\"names\":{\"plural\":\"" + plural + "\",\"singular\":\""
                + kind.toLowerCase(java.util.Locale.ROOT) + "\",\"kind\":\"" + kind + "\"},\"versions\":[{\"name\":"
                + "\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\","
                + "\"x-kubernetes-preserve-unknown-fields\":true}}}]}}";
    }

    @Test
    void slowCrdIsNotEstablishedAndItsResourcesAreNotServedUntilTheDelayPasses() throws Exception {
        String crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
        // one CRD whose delay cannot pass during the test, one short enough to wait for: no timing window to miss
        faults.slowCrd("widgets.example.com", Duration.ofMinutes(10));
        Duration delay = Duration.ofMillis(300);
        faults.slowCrd("gadgets.example.com", delay);
        assertThat(http.post(crds, crd("widgets", "Widget")).statusCode()).isEqualTo(201);
        long beforeCreate = System.nanoTime();
        assertThat(http.post(crds, crd("gadgets", "Gadget")).statusCode()).isEqualTo(201);

        HttpResponse<String> installing = http.get(crds + "/widgets.example.com");
        assertThat(installing.statusCode()).isEqualTo(200);
        assertThat(installing.body()).contains("\"type\":\"Established\",\"status\":\"False\"",
                "\"reason\":\"Installing\"");
        assertThat(http.get("/apis/example.com/v1/namespaces/default/widgets").statusCode()).isEqualTo(404);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.get("/apis/example.com/v1/namespaces/default/gadgets").statusCode() == 404) {
            assertThat(System.nanoTime() - deadline).as("gadgets served within 30 s").isNegative();
            Thread.sleep(20);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - beforeCreate)).as("not served before the delay")
                .isGreaterThanOrEqualTo(delay);
        assertThat(http.get(crds + "/gadgets.example.com").body())
                .contains("\"type\":\"Established\",\"status\":\"True\"");
        assertThat(http.get("/apis/example.com/v1/namespaces/default/widgets").statusCode())
                .as("the other CRD is still installing").isEqualTo(404);
    }

    @Test
    void faultyTargetTurnsAnswersIntoTypedResultsPerObject() {
        Faults detached = Faults.detached(1);
        Target target = detached.target(InMemoryTarget.create());
        Manifest cm = configMapIn("shop", "a");
        detached.on(Verb.PATCH).resource("configmaps").next(1).inject(Fault.serviceUnavailable());
        detached.on(Verb.DELETE).next(1).inject(Fault.admissionDenied("guard", "no deletes"));
        WriteContext context = WriteContext.of("test", 0);

        List<ObjectResult> first = target.applyAll(List.of(ApplyRequest.of(cm), ApplyRequest.of(configMapIn("shop",
                "b"))), ApplyOptions.defaults(), context);

        assertThat(first.get(0).failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
            assertThat(f.isRetryable()).isTrue();
            assertThat(f.message()).startsWith("ConfigMap shop/a: ")
                    .contains("the server is currently unable to handle the request");
        });
        assertThat(first.get(1).outcome()).as("the other object of the batch").isEqualTo(ObjectOutcome.CREATED);
        assertThat(target.applyAll(List.of(ApplyRequest.of(cm)), ApplyOptions.defaults(), context).get(0).outcome())
                .isEqualTo(ObjectOutcome.CREATED);
        ResourceKey key = ResourceKey.of("v1", "ConfigMap", "shop", "a");
        assertThat(target.deleteAll(List.of(new DeleteRequest(key, Precondition.none())),
                io.gitops4j.api.target.DeleteOptions.defaults(), context).get(0).failure()).hasValueSatisfying(f -> {
                    assertThat(f.reason()).isEqualTo(TargetException.Reason.FORBIDDEN);
                    assertThat(f.message()).startsWith(key.displayName())
                            .contains("admission webhook \"guard\" denied the request: no deletes");
                });
        assertThat(target.view().get(key)).isPresent();
    }

    @Test
    @DisplayName("EN-12 a faulty inventory write names the write, the HTTP status and the reason, as a Kubernetes target "
            + "reports it")
    void faultyInventoryWritesNameTheWriteTheStatusAndTheReason() {
        Faults detached = Faults.detached(1);
        Target target = detached.target(InMemoryTarget.create());
        detached.on(Verb.PATCH).next(1).inject(Fault.serviceUnavailable());
        detached.on(Verb.GET).next(1).inject(Fault.conflict());

        assertThatThrownBy(() -> target.inventories().write(Inventory.empty("shop"), ""))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("writing the inventory of shop: the server is currently "
                            + "unable to handle the request (HTTP 503, ServiceUnavailable)");
                });
        assertThatThrownBy(() -> target.inventories().read("shop"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).as("a 409 is STALE, as ApiStatus classifies it").isEqualTo(
                            TargetException.Reason.STALE);
                    assertThat(e.getMessage()).startsWith("reading the inventory of shop: ").endsWith("(HTTP 409, "
                            + "Conflict)");
                });
        assertThat(target.inventories().write(Inventory.empty("shop"), "").inventory()).isEqualTo(
                Inventory.empty("shop"));
    }

    private static Manifest configMapIn(String namespace, String name) {
        return Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", name, "namespace", namespace), "data", Map.of("k", "v")));
    }

    @Test
    void targetCallsAreRecordedAsTheRequestsAKubernetesTargetWouldSend() {
        io.gitops4j.testkit.server.RequestLog log = new io.gitops4j.testkit.server.RequestLog(100);
        FakeKube kube = FakeKube.create();
        Faults kubeFaults = Faults.of(kube);
        Target target = kubeFaults.target(kube.asTarget(), log);
        WriteContext context = WriteContext.of("test", 0);
        kubeFaults.on(Verb.DELETE).next(1).inject(Fault.tooManyRequests(1));
        ResourceKey key = ResourceKey.of("v1", "ConfigMap", "default", "a");
        List<DeleteRequest> delete = List.of(new DeleteRequest(key, Precondition.none()));
        var options = io.gitops4j.api.target.DeleteOptions.defaults();

        target.applyAll(List.of(ApplyRequest.of(configMapIn("default", "a"))), ApplyOptions.defaults(), context);
        target.view().get(key);
        assertThat(target.deleteAll(delete, options, context).get(0).failure()).hasValueSatisfying(f ->
                assertThat(f.reason()).isEqualTo(TargetException.Reason.UNAVAILABLE));
        assertThat(target.deleteAll(delete, options, context).get(0).outcome()).isEqualTo(ObjectOutcome.DELETED);
        target.view().get(key);
        target.inventories().read("app");

        assertThat(log.records()).extracting(r -> r.method() + " " + r.path() + " " + r.status()).containsExactly(
                "PATCH /api/v1/namespaces/default/configmaps/a 201",
                "GET /api/v1/namespaces/default/configmaps/a 200",
                "DELETE /api/v1/namespaces/default/configmaps/a 429",
                "DELETE /api/v1/namespaces/default/configmaps/a 200",
                "GET /api/v1/namespaces/default/configmaps/a 404",
                "GET inventory/app 404");
        assertThat(log.writes()).hasSize(3);
    }

    @Test
    void faultsOfAKubeAreOneObject() {
        FakeKube kube = FakeKube.create();
        assertThat(Faults.of(kube)).isSameAs(Faults.of(kube));
        assertThat(Faults.of(kube)).isNotSameAs(Faults.of(FakeKube.create()));
    }
}
