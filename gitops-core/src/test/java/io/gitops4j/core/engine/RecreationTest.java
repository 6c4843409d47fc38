package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which refusals are immutable-field changes, and which objects may be re-created (DA-05). */
class RecreationTest {

    private static TargetException invalid(String message) {
        return new TargetException(null, Reason.INVALID, message, List.of(), null);
    }

    @Test
    @DisplayName("DA-05 the API server's immutable-field refusals are recognised, other refusals are not")
    void recognisesImmutableChanges() {
        for (String message : List.of(
                "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{}: "
                        + "field is immutable",
                "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.9\"}: "
                        + "may not change once set",
                "RoleBinding.rbac.authorization.k8s.io \"x\" is invalid: roleRef: Invalid value: rbac.RoleRef{}: "
                        + "cannot change roleRef",
                "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields "
                        + "other than 'replicas'",
                "StorageClass.storage.k8s.io \"fast\" is invalid: parameters: Forbidden: updates to parameters "
                        + "are forbidden.")) {
            assertThat(Recreation.isImmutableChange(invalid(message))).as(message).isTrue();
        }
        assertThat(Recreation.isImmutableChange(invalid("ConfigMap \"x\" is invalid: metadata.name: Invalid value")))
                .isFalse();
        assertThat(Recreation.isImmutableChange(new TargetException(null, Reason.CONFLICT,
                "Apply failed with 1 conflict: field is immutable"))).as("only INVALID").isFalse();
        assertThat(Recreation.isImmutableChange(new TargetException(null, Reason.INVALID, "x is invalid",
                List.of("Invalid value: 3: field is immutable: spec.completions"), null))).as("in the details")
                .isTrue();
    }

    @Test
    void onlyAnnotatedObjectsOfSafeKindsMayBeRecreated() {
        Manifest job = Manifest.of(Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata",
                Map.of("name", "m", "namespace", "d", "annotations", Map.of(Recreation.ANNOTATION, "true"))));
        Manifest plain = Manifest.of(Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata",
                Map.of("name", "m", "namespace", "d")));
        Manifest namespace = Manifest.of(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata",
                Map.of("name", "d", "annotations", Map.of(Recreation.ANNOTATION, "true"))));

        assertThat(Recreation.refusal(ResourceKey.of("batch/v1", "Job", "d", "m"), job)).isEmpty();
        assertThat(Recreation.refusal(ResourceKey.of("batch/v1", "Job", "d", "m"), plain))
                .hasValueSatisfying(r -> assertThat(r).contains("annotate it " + Recreation.ANNOTATION));
        assertThat(Recreation.refusal(ResourceKey.of("v1", "Namespace", "", "d"), namespace))
                .hasValue("a Namespace is never deleted to be re-created");
        Manifest claim = Manifest.of(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "metadata",
                Map.of("name", "data", "namespace", "d")));
        assertThat(Recreation.refusal(ResourceKey.of("v1", "PersistentVolumeClaim", "d", "data"), claim))
                .as("no advice to annotate what is never re-created")
                .hasValue("a PersistentVolumeClaim is never deleted to be re-created");
    }
}
