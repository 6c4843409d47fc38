package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code createAll} of the testkit's targets: the fake's POST (generateName honoured), and its fault rules. */
class FakeKubeTargetCreateTest {
    private static final WriteContext CONTEXT = WriteContext.of("test", 0);

    private final FakeKube kube = FakeKube.create();
    private final FakeKubeTarget target = new FakeKubeTarget(kube);

    @AfterEach
    void close() {
        target.close();
    }

    private static Manifest job(String nameField, String value) {
        return Manifest.of(yaml("apiVersion: batch/v1\nkind: Job\nmetadata: {" + nameField + ": " + value
                + ", namespace: default}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n"
                + "      containers: [{name: m, image: busybox}]\n"));
    }

    @Test
    void anObjectWithGenerateNameIsCreatedWithTheNameTheServerGives() {
        ObjectResult r = target.createAll(List.of(job("generateName", "migrate-")), ApplyOptions.defaults(), CONTEXT)
                .get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED);
        String name = r.object().orElseThrow().key().name();
        assertThat(name).startsWith("migrate-").hasSize("migrate-".length() + 5);
        Map<String, Object> stored = kube.get(kube.type("batch", "v1", "jobs"), "default", name);
        assertThat(((Map<?, ?>) stored.get("metadata")).get("generateName")).isEqualTo("migrate-");
        assertThat(r.object().orElseThrow().manifest().metadata().get("managedFields")).asString()
                .contains("gitops4j");
    }

    @Test
    void aNamedCreateOfAnExistingObjectFailsStale() {
        target.createAll(List.of(job("name", "migrate")), ApplyOptions.defaults(), CONTEXT);

        ObjectResult again = target.createAll(List.of(job("name", "migrate")), ApplyOptions.defaults(), CONTEXT)
                .get(0);

        assertThat(again.failure().orElseThrow().reason()).isEqualTo(TargetException.Reason.STALE);
        assertThat(again.failure().orElseThrow().message()).startsWith("Job.batch default/migrate: ");
    }

    @Test
    void aFaultRuleOnCreateFailsThatObjectAndTheLogShowsAPostToTheCollection() {
        RequestLog log = new RequestLog(100);
        Faults faults = Faults.of(kube);
        Target faulty = faults.target(target, log);
        faults.on(Verb.CREATE).next(1).inject(Fault.serviceUnavailable());

        List<ObjectResult> results = faulty.createAll(List.of(job("generateName", "a-"), job("name", "b")),
                ApplyOptions.defaults(), CONTEXT);

        assertThat(results.get(0).failure().orElseThrow().reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
        assertThat(results.get(1).outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(log.records(r -> r.verb().equals("create"))).extracting(RequestRecord::path, RequestRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/apis/batch/v1/namespaces/default/jobs", 503),
                        org.assertj.core.groups.Tuple.tuple("/apis/batch/v1/namespaces/default/jobs", 201));
    }
}
