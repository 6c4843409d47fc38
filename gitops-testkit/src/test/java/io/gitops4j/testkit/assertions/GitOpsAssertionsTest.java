package io.gitops4j.testkit.assertions;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Timings;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each assertion passes on a matching subject and fails with a message that shows what is there instead. */
class GitOpsAssertionsTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "default", "settings");
    private static final ResourceKey FLAGS = ResourceKey.of("v1", "ConfigMap", "default", "flags");
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "default", "web");

    private final FakeKube kube = FakeKube.create();

    private void configMap(String name, Map<String, Object> labels) {
        kube.create(kube.type("", "v1", "configmaps"), "default", Map.of("metadata",
                Map.of("name", name, "labels", labels), "data", Map.of("greeting", "hello")), WriteOptions.defaults());
    }

    @Test
    void kubeAssertionsPassOnWhatIsThere() {
        configMap("settings", Map.of("app", "shop"));

        assertThat(kube).contains(SETTINGS).doesNotContain(FLAGS).hasLabel(SETTINGS, "app", "shop")
                .hasField(SETTINGS, "hello", "data", "greeting").isHealthy(SETTINGS)
                .hasHealth(WEB, HealthStatus.MISSING);
    }

    @Test
    void containsFailsListingWhatTheNamespaceHas() {
        configMap("settings", Map.of());

        assertThatThrownBy(() -> assertThat(kube).contains(FLAGS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the cluster to contain")
                .hasMessageContaining("v1 ConfigMap default/flags")
                .hasMessageContaining("namespace default has these configmaps: [settings]");
    }

    @Test
    void containsOfAnUnservedKindSaysSo() {
        ResourceKey widget = ResourceKey.of("example.com/v1", "Widget", "default", "w");
        assertThatThrownBy(() -> assertThat(kube).contains(widget))
                .hasMessageContaining("the kind example.com/v1 Widget is not even served (CRD missing?)");
    }

    @Test
    void doesNotContainFailsWithTheUid() {
        configMap("flags", Map.of());

        assertThatThrownBy(() -> assertThat(kube).doesNotContain(FLAGS))
                .hasMessageContaining("Expecting the cluster not to contain")
                .hasMessageContaining("but it does (uid ");
    }

    @Test
    void hasLabelFailsShowingTheLabelsThere() {
        configMap("settings", Map.of("app", "shop"));

        assertThatThrownBy(() -> assertThat(kube).hasLabel(SETTINGS, "app", "cart"))
                .hasMessageContaining("to have label app=cart").hasMessageContaining("but it is app=shop");
        assertThatThrownBy(() -> assertThat(kube).hasLabel(SETTINGS, "team", "a"))
                .hasMessageContaining("but it has no label team; its labels are {app=shop}");
        assertThatThrownBy(() -> assertThat(kube).hasLabel(FLAGS, "team", "a"))
                .hasMessageContaining("Expecting the cluster to contain");
    }

    @Test
    void hasFieldAndHealthFailReadably() {
        configMap("settings", Map.of());

        assertThatThrownBy(() -> assertThat(kube).hasField(SETTINGS, "bonjour", "data", "greeting"))
                .hasMessageContaining("Expecting .data.greeting of").hasMessageContaining("to be\n  bonjour")
                .hasMessageContaining("but was\n  hello");
        assertThatThrownBy(() -> assertThat(kube).isHealthy(WEB))
                .hasMessageContaining("to be HEALTHY but was MISSING (object does not exist)");
    }

    /** A result whose objects ended as their planned action says (CREATE → CREATED, …); FAILED fails them all. */
    private static ReconcileResult result(Outcome outcome, Change... changes) {
        List<ObjectReport> reports = new ArrayList<>();
        for (Change c : changes) {
            reports.add(outcome == Outcome.FAILED ? ObjectReport.failed(c, new WriteFailure(Reason.INVALID,
                    c.key().displayName() + ": apply failed", List.of())) : ObjectReport.of(c, switch (c.action()) {
                        case CREATE -> ObjectOutcome.CREATED;
                        case UPDATE -> ObjectOutcome.CONFIGURED;
                        case PRUNE -> ObjectOutcome.DELETED;
                        case UNCHANGED -> ObjectOutcome.UNCHANGED;
                        case SKIP -> ObjectOutcome.SKIPPED;
                    }, ""));
        }
        Optional<ReconcileFailure> failure = outcome == Outcome.FAILED ? Optional.of(new ReconcileFailure(
                ReconcileFailure.Phase.APPLY, Reason.INVALID, Optional.of(changes[0].key()), "", "apply failed"))
                : Optional.empty();
        return new ReconcileResult("shop", "default", Optional.empty(), Trigger.MANUAL, outcome,
                new ChangeSet(List.of(changes)), reports, List.of(),
                HealthObservation.snapshot(Health.healthy(), Instant.EPOCH), new Timings(Instant.EPOCH, Map.of()),
                failure, List.of());
    }

    private static Change change(ResourceKey key, Action action) {
        return new Change(key, action, "", List.of(), 0);
    }

    @Test
    void resultAssertionsPass() {
        ReconcileResult r = result(Outcome.SYNCED, change(SETTINGS, Action.CREATE), change(FLAGS, Action.PRUNE),
                change(WEB, Action.UPDATE));

        assertThat(r).hasOutcome(Outcome.SYNCED).created(SETTINGS).pruned(FLAGS).updated(WEB)
                .planned(Action.CREATE, SETTINGS).hasCount(Action.CREATE, 1).hasCount(ObjectOutcome.DELETED, 1)
                .hasHealth(HealthStatus.HEALTHY);
        assertThat(result(Outcome.SYNCED, change(SETTINGS, Action.UNCHANGED))).hasNoWrites().unchanged(SETTINGS);
        assertThat(result(Outcome.FAILED, change(SETTINGS, Action.UPDATE))).failed(SETTINGS)
                .hasFailure(ReconcileFailure.Phase.APPLY, Reason.INVALID);
    }

    @Test
    void resultAssertionsFailShowingEveryObject() {
        ReconcileResult r = result(Outcome.FAILED, change(SETTINGS, Action.UPDATE));

        assertThatThrownBy(() -> assertThat(r).hasOutcome(Outcome.SYNCED))
                .hasMessageContaining("Expecting reconcile of shop to end SYNCED but it ended FAILED "
                        + "(APPLY INVALID: apply failed)")
                .hasMessageContaining("FAILED ConfigMap default/settings: ConfigMap default/settings: apply failed "
                        + "[planned UPDATE]");
        assertThatThrownBy(() -> assertThat(r).created(SETTINGS, FLAGS))
                .hasMessageContaining("FAILED ConfigMap default/settings")
                .hasMessageContaining("ConfigMap default/flags is not in the result");
        assertThatThrownBy(() -> assertThat(r).planned(Action.CREATE, SETTINGS))
                .hasMessageContaining("ConfigMap default/settings was planned UPDATE");
        assertThatThrownBy(() -> assertThat(result(Outcome.SYNCED, change(WEB, Action.UPDATE))).hasNoWrites())
                .hasMessageContaining("Expecting a reconcile without writes but it wrote")
                .hasMessageContaining("CONFIGURED Deployment.apps default/web");
        assertThatThrownBy(() -> assertThat(r).hasFailure(ReconcileFailure.Phase.INVENTORY, Reason.INVALID))
                .hasMessageContaining("to fail in INVENTORY (INVALID) but it failed: APPLY INVALID: apply failed");
    }

    private static RequestRecord record(String verb, String method, String path, int status) {
        return new RequestRecord(Instant.EPOCH, verb, method, path, "fieldManager=gitops4j",
                path.contains("deployments") ? "deployments" : "configmaps", status, Duration.ofMillis(1));
    }

    @Test
    void requestLogAssertionsPass() {
        RequestLog log = new RequestLog(100);
        log.add(record("get", "GET", "/api/v1/namespaces/default/configmaps/a", 200));
        log.add(record("list", "GET", "/api/v1/namespaces/default/configmaps", 200));

        assertThat(log).hasNoWrites().hasWriteCount(0).hasNoServerErrors();
        assertThat(log).countOf(Verb.PATCH).isZero();
        assertThat(log).countOf(Verb.GET).isEqualTo(1);

        log.add(record("patch", "PATCH", "/apis/apps/v1/namespaces/default/deployments/web", 200));
        assertThat(log).hasWriteCount(1);
        assertThat(log).countOf(Verb.PATCH, "deployments").isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(log.writes()).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(log.count("patch")).isEqualTo(1);
    }

    @Test
    void requestLogAssertionsFailListingTheRequests() {
        RequestLog log = new RequestLog(100);
        log.add(record("patch", "PATCH", "/apis/apps/v1/namespaces/default/deployments/web", 200));
        log.add(record("patch", "PATCH", "/apis/apps/v1/namespaces/default/deployments/api", 503));
        log.add(record("create", "POST", "/api/v1/namespaces/default/configmaps", 201));

        assertThatThrownBy(() -> assertThat(log).hasNoWrites())
                .hasMessageContaining("Expecting no write requests but found 3")
                .hasMessageContaining("PATCH /apis/apps/v1/namespaces/default/deployments/web?fieldManager=gitops4j "
                        + "-> 200");
        assertThatThrownBy(() -> assertThat(log).countOf(Verb.PATCH).isLessThanOrEqualTo(1))
                .hasMessageContaining("number of PATCH requests (by resource: {deployments=2})")
                .hasMessageContaining("2");
        assertThatThrownBy(() -> assertThat(log).hasNoServerErrors())
                .hasMessageContaining("deployments/api?fieldManager=gitops4j -> 503");
    }
}
