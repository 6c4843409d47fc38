package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.server.RequestRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code KubernetesTarget.createAll}: one POST per object; an object the server names is never sent twice. */
class KubernetesTargetCreateTest extends OnFakeApiServer {

    private static Manifest configMap(String nameField, String value) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(nameField, value);
        meta.put("namespace", "default");
        return Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", meta, "data",
                Map.of("a", "1")));
    }

    private List<RequestRecord> posts() {
        return server.requests().records(r -> r.method().equals("POST") && r.path().endsWith("/configmaps"));
    }

    @Test
    @DisplayName("DA-19 an object with generateName is created with one POST and reported by the name the server "
            + "gave it")
    void da19GenerateNameIsCreatedWithAPost() {
        ObjectResult r = target.createAll(List.of(configMap("generateName", "run-")), ApplyOptions.defaults(),
                Fixtures.context()).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED);
        String name = r.object().orElseThrow().key().name();
        assertThat(name).startsWith("run-").hasSize("run-".length() + 5);
        assertThat(server.kube().get(server.kube().type("", "v1", "configmaps"), "default", name)).isNotNull();
        assertThat(posts()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(201);
            assertThat(p.query()).contains("fieldManager=gitops4j");
        });
        assertThat(server.requests().records(x -> x.method().equals("PATCH"))).as("never an apply").isEmpty();
    }

    @Test
    @DisplayName("DA-19 a create of an object the server names whose answer is a 503 is not sent again (a second "
            + "POST could make a second object): FAILED UNAVAILABLE saying so")
    void da19AGeneratedCreateIsNeverRetried() {
        target.view().kinds();
        Faults.of(server.kube()).on(Verb.CREATE).next(1).inject(Fault.serviceUnavailable());

        ObjectResult r = target.createAll(List.of(configMap("generateName", "run-")), ApplyOptions.defaults(),
                Fixtures.context()).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(r.failure().orElseThrow().message()).contains("not sent again");
        assertThat(posts()).hasSize(1);
    }

    @Test
    @DisplayName("DA-04 a named create answered 503 is retried (it cannot make a second object); one object exists")
    void da04ANamedCreateIsRetried() {
        target.view().kinds();
        Faults.of(server.kube()).on(Verb.CREATE).next(1).inject(Fault.serviceUnavailable());

        ObjectResult r = target.createAll(List.of(configMap("name", "hook")), ApplyOptions.defaults(),
                Fixtures.context()).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(r.object().orElseThrow().key().name()).isEqualTo("hook");
        assertThat(posts()).extracting(RequestRecord::status).containsExactly(503, 201);
    }

    @Test
    @DisplayName("a named create of an object that exists fails STALE, and the object is left as it was")
    void aNamedCreateOfAnExistingObjectFailsStale() {
        target.createAll(List.of(configMap("name", "hook")), ApplyOptions.defaults(), Fixtures.context());

        ObjectResult again = target.createAll(List.of(configMap("name", "hook")), ApplyOptions.defaults(),
                Fixtures.context()).get(0);

        assertThat(again.failure().orElseThrow().reason()).isEqualTo(Reason.STALE);
        assertThat(posts()).extracting(RequestRecord::status).containsExactly(201, 409);
    }
}
