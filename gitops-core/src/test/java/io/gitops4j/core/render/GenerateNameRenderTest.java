package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects the server names ({@code metadata.generateName}, no name), as hooks are usually written, are rendered: the
 * generateName stands for the name in their identity. An object with neither is still refused.
 */
class GenerateNameRenderTest {
    @TempDir
    Path repo;

    private ManifestSet render() {
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            return new PlainYamlRenderer().render(snapshot, RenderSpec.plainYaml());
        }
    }

    @Test
    void anObjectWithGenerateNameIsRenderedKeyedByItsGenerateName() throws Exception {
        Files.writeString(repo.resolve("job.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  generateName: migrate-
                  namespace: shop
                spec:
                  template: {spec: {restartPolicy: Never, containers: [{name: m, image: busybox}]}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: named, generateName: ignored-}
                """);

        ManifestSet set = render();

        Manifest job = set.get(ResourceKey.of("batch/v1", "Job", "shop", "migrate-")).orElseThrow();
        assertThat(job.isGenerated()).isTrue();
        assertThat(job.name()).isEmpty();
        assertThat(job.generateName()).isEqualTo("migrate-");
        Manifest named = set.manifests().get(1);
        assertThat(named.isGenerated()).as("a name wins over a generateName, as on the server").isFalse();
        assertThat(named.key().name()).isEqualTo("named");
    }

    @Test
    void anObjectWithNeitherNameNorGenerateNameIsStillRefused() throws Exception {
        Files.writeString(repo.resolve("bad.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: shop}\n");

        RenderException e = catchThrowableOfType(RenderException.class, this::render);

        assertThat(e.getMessage()).isEqualTo("bad.yaml:1: document 0: ConfigMap has no metadata.name");
    }
}
