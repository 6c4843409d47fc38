package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} on the Flux-style tree {@code auto-flux/} (plain objects beside kustomization directories, none at
 * the top) through the real kustomize: built as Flux builds it, so the kustomizations' patches and configuration are
 * only read by kustomize, never as objects.
 */
class AutoRenderIT {
    @Test
    void aFluxTreeIsBuiltFromAGeneratedKustomization() {
        KustomizeRenderer kustomize = new KustomizeRenderer(KustomizeTool.kubectl(KubectlTool.require()),
                YamlLimits.defaults());
        ManifestSet set;
        try (Snapshot snapshot = LocalSnapshots.open(RendererDetectionTest.AUTO_FLUX)) {
            RenderSpec spec = RendererDetection.resolve(snapshot, RenderSpec.auto()
                    .withSubstitution(Substitution.of(Map.of("UNUSED", "x"))), "shop");
            assertThat(spec.renderer()).isEqualTo(RenderSpec.KUSTOMIZE);
            set = kustomize.render(snapshot, spec);
        }
        assertThat(set.stream().map(m -> m.kind() + "/" + m.namespace() + "/" + m.name()))
                .containsExactlyInAnyOrder("Namespace//shop", "Deployment/shop/web", "ConfigMap/shop/settings",
                        "ResourceQuota/shop/shop-quota");
        Manifest web = set.stream().filter(m -> m.kind().equals("Deployment")).findFirst().orElseThrow();
        assertThat(web.get("spec", "replicas")).as("the apps kustomization's patch applied").contains(3L);
        Manifest settings = set.stream().filter(m -> m.kind().equals("ConfigMap")).findFirst().orElseThrow();
        assertThat(settings.get("data", "mode")).as("substituted after the build").contains("safe");

        try (Snapshot snapshot = LocalSnapshots.open(RendererDetectionTest.AUTO_FLUX)) {
            assertThatThrownBy(() -> new PlainYamlRenderer().render(snapshot, new RenderSpec(RenderSpec.PLAIN, "",
                    PlainYamlOptions.defaults()))).as("read as plain YAML, a kustomization is no object")
                    .isInstanceOf(RenderException.class);
        }
    }
}
