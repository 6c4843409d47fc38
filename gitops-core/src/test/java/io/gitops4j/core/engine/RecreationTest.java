package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which objects may be re-created when an immutable field changes (DA-05; the refusals are ApiStatusTest's). */
class RecreationTest {

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
