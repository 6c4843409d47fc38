package io.gitops4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.Origin;
import io.gitops4j.core.plan.SyncAnnotations.Role.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which objects are hooks, in which phases and waves, with which delete policies: gitops4j's, Argo CD's, Helm's. */
class SyncAnnotationsTest {
    private static Manifest job(Map<String, String> annotations) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("generateName", "migrate-");
        metadata.put("namespace", "shop");
        metadata.put("annotations", annotations);
        return Manifest.of(Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", metadata),
                new Origin("deploy/migrate.yaml", 0));
    }

    @Test
    void anObjectWithoutAnnotationsIsAnOrdinaryObjectInWaveZero() {
        SyncAnnotations.Role role = SyncAnnotations.of(job(Map.of()), true);

        assertThat(role.kind()).isEqualTo(Kind.OBJECT);
        assertThat(role.wave()).isZero();
    }

    @Test
    void gitops4jAnnotationsNameTheWavePhasesAndPolicies() {
        SyncAnnotations.Role role = SyncAnnotations.of(job(Map.of(SyncAnnotations.HOOK, "PreSync, PostSync",
                SyncAnnotations.WAVE, "-3", SyncAnnotations.HOOK_DELETE_POLICY, "HookSucceeded,HookFailed")), false);

        assertThat(role.kind()).isEqualTo(Kind.HOOK);
        assertThat(role.phases()).containsExactlyInAnyOrder(HookPhase.PRE_SYNC, HookPhase.POST_SYNC);
        assertThat(role.wave()).isEqualTo(-3);
        assertThat(role.deletePolicies()).containsExactlyInAnyOrder(HookDeletePolicy.HOOK_SUCCEEDED,
                HookDeletePolicy.HOOK_FAILED);
    }

    @Test
    void aHookWithoutPolicyIsDeletedBeforeItsNextRun() {
        assertThat(SyncAnnotations.of(job(Map.of(SyncAnnotations.HOOK, "PreSync")), false).deletePolicies())
                .containsExactly(HookDeletePolicy.BEFORE_HOOK_CREATION);
    }

    @Test
    void argoCdAnnotationsAreHonouredAndGitops4jsWinOnTheSameObject() {
        SyncAnnotations.Role argo = SyncAnnotations.of(job(Map.of("argocd.argoproj.io/hook", "PostSync",
                "argocd.argoproj.io/sync-wave", "2", "argocd.argoproj.io/hook-delete-policy", "HookSucceeded")),
                false);
        SyncAnnotations.Role both = SyncAnnotations.of(job(Map.of("argocd.argoproj.io/hook", "PostSync",
                SyncAnnotations.HOOK, "PreSync", "argocd.argoproj.io/sync-wave", "2", SyncAnnotations.WAVE, "5")),
                false);

        assertThat(argo.phases()).containsExactly(HookPhase.POST_SYNC);
        assertThat(argo.wave()).isEqualTo(2);
        assertThat(argo.deletePolicies()).containsExactly(HookDeletePolicy.HOOK_SUCCEEDED);
        assertThat(both.phases()).containsExactly(HookPhase.PRE_SYNC);
        assertThat(both.wave()).isEqualTo(5);
    }

    @Test
    void helmHooksAreMappedOnHelmRenderedObjectsOnly() {
        Map<String, String> helm = Map.of("helm.sh/hook", "pre-install,pre-upgrade", "helm.sh/hook-weight", "-5",
                "helm.sh/hook-delete-policy", "hook-succeeded,before-hook-creation");

        SyncAnnotations.Role fromHelm = SyncAnnotations.of(job(helm), true);
        SyncAnnotations.Role fromPlain = SyncAnnotations.of(job(helm), false);

        assertThat(fromHelm.kind()).isEqualTo(Kind.HOOK);
        assertThat(fromHelm.phases()).containsExactly(HookPhase.PRE_SYNC);
        assertThat(fromHelm.wave()).isEqualTo(-5);
        assertThat(fromHelm.deletePolicies()).containsExactlyInAnyOrder(HookDeletePolicy.HOOK_SUCCEEDED,
                HookDeletePolicy.BEFORE_HOOK_CREATION);
        assertThat(fromPlain.kind()).isEqualTo(Kind.OBJECT);
        assertThat(SyncAnnotations.of(job(Map.of("helm.sh/hook", "post-upgrade,post-install")), true).phases())
                .containsExactly(HookPhase.POST_SYNC);
    }

    @Test
    void helmHooksOfOtherEventsAreLeftOutAndCrdInstallIsAnOrdinaryObject() {
        assertThat(SyncAnnotations.of(job(Map.of("helm.sh/hook", "test")), true).kind()).isEqualTo(Kind.LEFT_OUT);
        assertThat(SyncAnnotations.of(job(Map.of("helm.sh/hook", "pre-delete,post-rollback")), true).kind())
                .isEqualTo(Kind.LEFT_OUT);
        assertThat(SyncAnnotations.of(job(Map.of("helm.sh/hook", "crd-install")), true).kind())
                .isEqualTo(Kind.OBJECT);
    }

    @Test
    void helmValuesAreReadAsHelmReadsThem() {
        SyncAnnotations.Role role = SyncAnnotations.of(job(Map.of("helm.sh/hook", "pre-install",
                "helm.sh/hook-weight", "heavy", "helm.sh/hook-delete-policy", "hook-unknown")), true);

        assertThat(role.wave()).as("an unreadable weight is 0").isZero();
        assertThat(role.deletePolicies()).as("an unknown policy is ignored")
                .containsExactly(HookDeletePolicy.BEFORE_HOOK_CREATION);
    }

    @Test
    @DisplayName("RD-27 a hook phase gitops4j does not run (Argo CD's SyncFail) is refused naming file, object, "
            + "annotation and value")
    void rd27UnsupportedHookPhaseIsRefused() {
        RenderException e = catchThrowableOfType(RenderException.class,
                () -> SyncAnnotations.of(job(Map.of("argocd.argoproj.io/hook", "PreSync,SyncFail")), false));

        assertThat(e.reason()).isEqualTo(RenderException.Reason.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("deploy/migrate.yaml: Job shop/migrate-: annotation "
                + "argocd.argoproj.io/hook: 'SyncFail' is not a hook phase gitops4j runs (PreSync, PostSync)");
    }

    @Test
    @DisplayName("RD-27 a wave that is not an integer, an unknown delete policy or an empty hook annotation is refused")
    void rd27UnreadableWaveOrPolicyIsRefused() {
        assertThat(catchThrowableOfType(RenderException.class, () -> SyncAnnotations.of(job(Map.of(
                SyncAnnotations.WAVE, "1.5")), false)).getMessage())
                .endsWith("annotation gitops4j.io/sync-wave: '1.5' is not an integer wave");
        assertThat(catchThrowableOfType(RenderException.class, () -> SyncAnnotations.of(job(Map.of(
                SyncAnnotations.HOOK, "PreSync", SyncAnnotations.HOOK_DELETE_POLICY, "Always")), false))
                .getMessage()).endsWith("annotation gitops4j.io/hook-delete-policy: 'Always' is not a hook delete "
                        + "policy (BeforeHookCreation, HookSucceeded, HookFailed)");
        assertThat(catchThrowableOfType(RenderException.class, () -> SyncAnnotations.of(job(Map.of(
                SyncAnnotations.HOOK, " ")), false)).getMessage())
                .endsWith("names no hook phase (PreSync, PostSync)");
    }

    @Test
    void aLiveObjectsWaveIsReadLeniently() {
        assertThat(SyncAnnotations.waveOf(job(Map.of(SyncAnnotations.WAVE, "x")))).isZero();
        assertThat(SyncAnnotations.waveOf(job(Map.of("argocd.argoproj.io/sync-wave", "7")))).isEqualTo(7);
    }

    @Test
    void aNormalizedHookCarriesItsRoleInGitops4jsAnnotations() {
        Manifest helm = job(Map.of("helm.sh/hook", "post-install", "helm.sh/hook-weight", "4",
                "helm.sh/hook-delete-policy", "hook-failed"));

        Manifest normalized = SyncAnnotations.normalized(helm, SyncAnnotations.of(helm, true));

        assertThat(normalized.annotations()).containsEntry(SyncAnnotations.HOOK, "PostSync")
                .containsEntry(SyncAnnotations.WAVE, "4").containsEntry(SyncAnnotations.HOOK_DELETE_POLICY,
                        "HookFailed");
        assertThat(SyncAnnotations.deletePolicies(normalized)).isEqualTo(Set.of(HookDeletePolicy.HOOK_FAILED));
        assertThat(SyncAnnotations.of(normalized, false)).isEqualTo(SyncAnnotations.of(helm, true));
    }
}
