package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static io.gitops4j.k8s.Fixtures.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.core.target.FieldOwnership;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.server.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesTargetApplyTest extends OnFakeApiServer {

    private List<ObjectResult> apply(Manifest... manifests) {
        return apply(ApplyOptions.defaults(), manifests);
    }

    private List<ObjectResult> apply(ApplyOptions options, Manifest... manifests) {
        return target.applyAll(List.of(manifests).stream().map(ApplyRequest::of).toList(), options, context());
    }

    private Map<String, Object> stored(String plural, String namespace, String name) {
        var kube = server.kube();
        return kube.get(kube.type("", "v1", plural), namespace, name);
    }

    @Test
    void serverSideApplyCreatesThenConfiguresWithOnePatchEachUnderTheFieldManager() {
        ObjectResult created = apply(configMap("default", "settings", Map.of("a", "1"))).get(0);
        ObjectResult changed = apply(configMap("default", "settings", Map.of("a", "2"))).get(0);

        assertThat(created.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(created.object().orElseThrow().uid()).isNotEmpty();
        assertThat(changed.outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(stored("configmaps", "default", "settings")).extractingByKey("data").isEqualTo(Map.of("a", "2"));
        List<RequestRecord> writes = server.requests().writes();
        assertThat(writes).hasSize(2).allSatisfy(w -> {
            assertThat(w.method()).isEqualTo("PATCH");
            assertThat(w.path()).isEqualTo("/api/v1/namespaces/default/configmaps/settings");
            assertThat(w.query()).isEqualTo("fieldManager=gitops4j&fieldValidation=Strict");
        });
    }

    @Test
    void theBuilderFieldManagerWinsOverTheEngineOne() {
        try (KubernetesTarget acme = Fixtures.builder(server).fieldManager("acme-console").build()) {
            acme.applyAll(List.of(ApplyRequest.of(configMap("default", "a", Map.of("k", "v")))),
                    ApplyOptions.defaults().withFieldManager("other"), context());
        }
        assertThat(server.requests().writes()).singleElement()
                .satisfies(w -> assertThat(w.query()).startsWith("fieldManager=acme-console&"));
    }

    @Test
    @DisplayName("DA-15 a field manager named like kubectl or Helm is refused at build time")
    void da15ManagerNamesOfOtherToolsAreRefused() {
        for (String name : List.of("kubectl", "kubectl-client-side-apply", "helm")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fixtures.builder(server).fieldManager(name)
                    .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DA-15");
        }
    }

    @Test
    @DisplayName("DA-01 a field another applier owns is a CONFLICT naming the manager and the field; the rest applies")
    void da01ConflictWithAnotherApplierIsAFailedResultNamingManagerAndField() {
        Fixtures.applyAs(server, "kubectl", "v1", "configmaps", "default", "shared",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"shared\"},"
                        + "\"data\":{\"b\":\"theirs\"}}", false);

        List<ObjectResult> results = apply(configMap("default", "shared", Map.of("a", "1", "b", "ours")),
                configMap("default", "other", Map.of("x", "y")));

        ObjectResult conflict = results.get(0);
        assertThat(conflict.outcome()).isEqualTo(ObjectOutcome.FAILED);
        assertThat(conflict.failure().orElseThrow().reason()).isEqualTo(Reason.CONFLICT);
        assertThat(conflict.failure().orElseThrow().message()).startsWith("ConfigMap default/shared");
        assertThat(conflict.failure().orElseThrow().details()).singleElement().asString()
                .contains("\"kubectl\"").contains(".data.b");
        assertThat(results.get(1).outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(stored("configmaps", "default", "shared")).extractingByKey("data").isEqualTo(Map.of("b", "theirs"));
        assertThat(server.requests().writes()).noneMatch(w -> w.query().contains("force=true"));
    }

    @Test
    @DisplayName("DA-12 an imperative edit (kubectl-edit, operation Update) of a declared field is taken back")
    void da12ImperativeEditIsTakenBackWithForce() {
        apply(configMap("default", "settings", Map.of("a", "1")));
        Fixtures.editAs(server, "kubectl-edit", "v1", "configmaps", "default", "settings", "{\"data\":{\"a\":\"9\"}}");
        server.requests().clear();

        ObjectResult r = apply(configMap("default", "settings", Map.of("a", "1"))).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(stored("configmaps", "default", "settings")).extractingByKey("data").isEqualTo(Map.of("a", "1"));
        assertThat(server.requests().writes()).extracting(RequestRecord::status).containsExactly(409, 200);
        assertThat(server.requests().writes().get(1).query()).contains("force=true");
    }

    @Test
    @DisplayName("DA-12 a controller's update (kube-controller-manager) is not taken: CONFLICT")
    void da12ControllerFieldsAreNotTaken() {
        apply(configMap("default", "settings", Map.of("a", "1")));
        Fixtures.editAs(server, "kube-controller-manager", "v1", "configmaps", "default", "settings",
                "{\"data\":{\"a\":\"9\"}}");

        ObjectResult r = apply(configMap("default", "settings", Map.of("a", "1"))).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.CONFLICT);
        assertThat(r.failure().orElseThrow().details()).singleElement().asString()
                .contains("\"kube-controller-manager\"").contains(".data.a");
        assertThat(stored("configmaps", "default", "settings")).extractingByKey("data").isEqualTo(Map.of("a", "9"));
    }

    @Test
    @DisplayName("DA-12 with reclaiming off, an imperative edit is a CONFLICT")
    void da12ReclaimingCanBeSwitchedOff() {
        try (KubernetesTarget strict = Fixtures.builder(server)
                .fieldOwnership(FieldOwnership.defaults().withReclaimImperativeEdits(false)).build()) {
            strict.applyAll(List.of(ApplyRequest.of(configMap("default", "s", Map.of("a", "1")))),
                    ApplyOptions.defaults(), context());
            Fixtures.editAs(server, "kubectl-edit", "v1", "configmaps", "default", "s", "{\"data\":{\"a\":\"9\"}}");

            ObjectResult r = strict.applyAll(List.of(ApplyRequest.of(configMap("default", "s", Map.of("a", "1")))),
                    ApplyOptions.defaults(), context()).get(0);

            assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.CONFLICT);
        }
    }

    @Test
    @DisplayName("DA-15 fields of an object created by client-side kubectl apply or Helm are taken over, so a field "
            + "not in Git is removed")
    void da15ClientSideAppliedObjectIsMigrated() {
        for (String tool : List.of("kubectl-client-side-apply", "helm")) {
            String name = "by-" + tool;
            var kube = server.kube();
            kube.create(kube.type("", "v1", "configmaps"), "default", new java.util.HashMap<>(Map.of(
                    "apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", name),
                    "data", Map.of("a", "1", "removed-from-git", "x"))),
                    io.gitops4j.testkit.kube.WriteOptions.defaults().withFieldManager(tool));
            server.requests().clear();

            ObjectResult r = apply(configMap("default", name, Map.of("a", "2"))).get(0);

            assertThat(r.outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
            Map<String, Object> live = stored("configmaps", "default", name);
            assertThat(live).extractingByKey("data").isEqualTo(Map.of("a", "2"));
            assertThat(live.get("metadata")).asString().doesNotContain("manager=" + tool);
            // the apply conflicts on "a" (the tool's), is forced, the tool's fields move to ours (JSON patch), and
            // the apply again removes what Git no longer declares
            assertThat(server.requests().writes()).extracting(w -> w.status() + " " + w.query()).containsExactly(
                    "409 fieldManager=gitops4j&fieldValidation=Strict",
                    "200 fieldManager=gitops4j&fieldValidation=Strict&force=true",
                    "200 fieldManager=gitops4j",
                    "200 fieldManager=gitops4j&fieldValidation=Strict");
        }
        server.requests().clear();
        apply(configMap("default", "by-helm", Map.of("a", "2")));
        assertThat(server.requests().writes()).as("migrated once").hasSize(1);
    }

    @Test
    @DisplayName("DA-06 a dry run validates every object with the server's admission, names the refused one, "
            + "and stores nothing")
    void da06DryRunNamesTheRefusedObjectAndWritesNothing() {
        Faults.of(server.kube()).on(Verb.PATCH).name("b").inject(Fault.admissionDenied("policy.acme.io",
                "team label required"));

        List<ObjectResult> results = apply(ApplyOptions.defaults().withDryRun(true),
                configMap("default", "a", Map.of("k", "v")), configMap("default", "b", Map.of("k", "v")),
                configMap("default", "c", Map.of("k", "v")));

        assertThat(results).extracting(ObjectResult::outcome)
                .containsExactly(ObjectOutcome.CREATED, ObjectOutcome.FAILED, ObjectOutcome.CREATED);
        assertThat(results.get(1).failure().orElseThrow().message()).startsWith("ConfigMap default/b")
                .contains("policy.acme.io").contains("team label required");
        assertThat(server.requests().writes()).hasSize(3).allSatisfy(w -> assertThat(w.query()).contains("dryRun=All"));
        var kube = server.kube();
        assertThat(kube.list(kube.type("", "v1", "configmaps"), "default",
                io.gitops4j.testkit.kube.ListOptions.defaults()).items()).isEmpty();
    }

    @Test
    @DisplayName("DA-09 an object over 3 MiB or annotations over 256 KiB are TOO_LARGE before any request")
    void da09TooLargeBeforeSending() {
        String big = "x".repeat(3 * 1024 * 1024);
        Manifest huge = configMap("default", "huge", Map.of("blob", big));
        Manifest annotated = Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                Map.of("name", "annotated", "namespace", "default", "annotations", Map.of("note", "日".repeat(90_000)))));

        List<ObjectResult> results = apply(huge, annotated);

        assertThat(results).allSatisfy(r -> assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(results.get(0).failure().orElseThrow().message()).startsWith("ConfigMap default/huge: too large");
        assertThat(results.get(1).failure().orElseThrow().message()).contains("metadata.annotations hold 270004 bytes");
        assertThat(server.requests().writes()).isEmpty();
    }

    @Test
    void aFailedResourceVersionPreconditionIsStaleAndWritesNothing() {
        ObjectResult first = apply(configMap("default", "s", Map.of("a", "1"))).get(0);
        String readAt = first.object().orElseThrow().resourceVersion();
        apply(configMap("default", "s", Map.of("a", "2")));
        server.requests().clear();

        ObjectResult r = target.applyAll(List.of(new ApplyRequest(configMap("default", "s", Map.of("a", "3")),
                new Precondition("", readAt))), ApplyOptions.defaults(), context()).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.STALE);
        assertThat(server.requests().writes()).isEmpty();
        assertThat(stored("configmaps", "default", "s")).extractingByKey("data").isEqualTo(Map.of("a", "2"));
    }

    @Test
    @DisplayName("PR-05 an apply expecting a UID does not create or overwrite an object re-created under another UID")
    void pr05ApplyWithUidPreconditionNeverTouchesAReCreatedObject() {
        String uid = apply(configMap("default", "s", Map.of("a", "1"))).get(0).object().orElseThrow().uid();
        var kube = server.kube();
        kube.delete(kube.type("", "v1", "configmaps"), "default", "s",
                io.gitops4j.testkit.kube.DeleteOptions.defaults());

        ObjectResult gone = target.applyAll(List.of(new ApplyRequest(configMap("default", "s", Map.of("a", "2")),
                Precondition.uid(uid))), ApplyOptions.defaults(), context()).get(0);
        apply(configMap("default", "s", Map.of("a", "3")));
        ObjectResult recreated = target.applyAll(List.of(new ApplyRequest(configMap("default", "s",
                Map.of("a", "4")), Precondition.uid(uid))), ApplyOptions.defaults(), context()).get(0);

        assertThat(gone.failure().orElseThrow().reason()).isEqualTo(Reason.STALE);
        assertThat(gone.failure().orElseThrow().message()).contains("no longer exists");
        assertThat(recreated.failure().orElseThrow().reason()).isEqualTo(Reason.STALE);
        assertThat(stored("configmaps", "default", "s")).extractingByKey("data").isEqualTo(Map.of("a", "3"));
    }

    @Test
    @DisplayName("DA-05 a change of an immutable field is IMMUTABLE with the field path")
    void da05ImmutableFieldIsReportedWithItsPath() {
        apply(Fixtures.deployment("default", "web", 1));
        Manifest changedSelector = Manifest.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "web", "namespace", "default"),
                "spec", Map.of("selector", Map.of("matchLabels", Map.of("app", "web2")),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", "web2")),
                                "spec", Map.of("containers", List.of(Map.of("name", "web", "image", "nginx:1.27")))))));

        ObjectResult r = apply(changedSelector).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.IMMUTABLE);
        assertThat(r.failure().orElseThrow().details()).contains("spec.selector");
    }

    @Test
    @DisplayName("DA-08 a kind nobody serves fails UNKNOWN_KIND after one discovery refresh, without a write")
    void da08UnknownKindAfterOneRefresh() {
        apply(configMap("default", "warm", Map.of()));
        server.requests().clear();
        Manifest widget = Manifest.of(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w", "namespace", "default")));

        ObjectResult r = apply(widget).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.UNKNOWN_KIND);
        assertThat(r.failure().orElseThrow().message()).startsWith("Widget.example.com default/w");
        assertThat(server.requests().records()).extracting(RequestRecord::path).containsExactly("/api", "/apis");
    }

    @Test
    @DisplayName("DA-08 a kind whose CRD became Established in this run is usable at once")
    void da08CrdAppliedInTheSameRunIsUsable() {
        apply(configMap("default", "warm", Map.of()));
        Manifest crd = Fixtures.widgetCrd();
        Manifest widget = Manifest.of(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w", "namespace", "default"), "spec", Map.of("size", 3)));

        assertThat(apply(crd).get(0).outcome()).isEqualTo(ObjectOutcome.CREATED);
        ObjectResult r = apply(widget).get(0);

        assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(target.view().kind(new io.gitops4j.api.resource.GroupKind("example.com", "Widget"))).isPresent();
    }

    @Test
    @DisplayName("DA-11 a refusal quoting a Secret's value shows it redacted")
    void da11SecretValuesAreRedactedFromFailures() {
        String canary = "CANARY-SECRET-4711";
        Faults.of(server.kube()).on(Verb.PATCH).resource("secrets").inject(Fault.admissionDenied("leak-check",
                "value " + canary + " looks like a password"));

        ObjectResult r = apply(Fixtures.secret("default", "creds", Map.of("password",
                java.util.Base64.getEncoder().encodeToString(canary.getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
                .get(0);

        assertThat(r.failure().orElseThrow().message()).doesNotContain(canary).contains("<redacted>");
        assertThat(String.join("\n", r.failure().orElseThrow().details())).doesNotContain(canary);
    }

    @Test
    void aMisspelledFieldIsInvalidNotSilentlyDropped() {
        Manifest typo = Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                Map.of("name", "typo", "namespace", "default"), "dtaa", Map.of("a", "1")));

        ObjectResult r = apply(typo).get(0);

        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.INVALID);
        assertThat(r.failure().orElseThrow().message() + r.failure().orElseThrow().details()).contains("dtaa");
    }

    @Test
    void aNamespacedKindWithoutNamespaceIsInvalidWithoutARequest() {
        Manifest cm = Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "x")));

        ObjectResult r = apply(cm).get(0);

        assertThat(r.key()).isEqualTo(ResourceKey.of("v1", "ConfigMap", "", "x"));
        assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.INVALID);
        assertThat(server.requests().writes()).isEmpty();
    }
}
