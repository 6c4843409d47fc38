package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Flux-style fixture tree {@code flux-substitution/} (namespaces, replicas, labels, images from variables; a
 * default, escapes, the quote idiom, a disabled object) rendered with substitution by the plain and Helm renderers,
 * compared object by object with {@code expected/}: what Flux applies for the same tree and variables, written from
 * Flux's documented rules. The Kustomize renderer is in {@link FluxSubstitutionIT}.
 */
class FluxSubstitutionTest {
    static final Path FIXTURE = Path.of("src/test/resources/flux-substitution");
    /** The cluster's variables, as a Flux Kustomization's {@code postBuild.substitute} would hold them. */
    static final Map<String, String> VARIABLES = Map.of("CLUSTER_NAME", "prod-eu", "REPLICAS", "3",
            "cluster_region", "eu-central-1", "TAG", "1.25.3", "quote", "\"", "id", "123", "enabled", "true",
            "SHARDS", "4");

    static ManifestSet render(Renderer renderer, String path, RenderOptions options, Substitution substitution) {
        try (Snapshot snapshot = LocalSnapshots.open(FIXTURE)) {
            return renderer.render(snapshot, new RenderSpec(renderer.name(), path, options)
                    .withSubstitution(substitution));
        }
    }

    static List<Manifest> expected(String file) throws IOException {
        return ManifestReader.withDefaults().read("expected/" + file, Files.readAllBytes(FIXTURE.resolve("expected")
                .resolve(file)));
    }

    /** Asserts the same objects (by identity and content; the order of a render is its own). */
    static void assertSameObjects(ManifestSet actual, List<Manifest> expected) {
        assertThat(actual.size()).as("objects").isEqualTo(expected.size());
        for (Manifest e : expected) {
            Manifest a = actual.get(e.key()).orElseThrow(() -> new AssertionError("missing " + e.key()));
            assertThat(a.canonicalJson()).as(e.key().toString()).isEqualTo(e.canonicalJson());
        }
    }

    @Test
    void plainYamlRendersAsFluxWould() throws IOException {
        assertSameObjects(render(new PlainYamlRenderer(), "apps", PlainYamlOptions.defaults(),
                Substitution.of(VARIABLES)), expected("apps.yaml"));
    }

    @Test
    void strictModeAcceptsTheTreeWhenEveryVariableWithoutADefaultIsDefined() throws IOException {
        assertSameObjects(render(new PlainYamlRenderer(), "apps", PlainYamlOptions.defaults(),
                Substitution.of(VARIABLES).withStrict(true)), expected("apps.yaml"));
        Map<String, String> withoutTag = new HashMap<>(VARIABLES);
        withoutTag.remove("TAG");
        assertThatThrownBy(() -> render(new PlainYamlRenderer(), "apps", PlainYamlOptions.defaults(),
                Substitution.of(withoutTag).withStrict(true))).isInstanceOf(RenderException.class)
                .hasMessageContaining("apps/deployment.yaml: document 0: Deployment "
                        + "spec.template.spec.containers[0].image: variable TAG is not defined");
    }

    @Test
    void withoutSubstitutionTheFluxTreeIsRefusedForItsNamespaceAsBefore() {
        assertThatThrownBy(() -> render(new PlainYamlRenderer(), "apps", PlainYamlOptions.defaults(),
                Substitution.none())).isInstanceOf(RenderException.class).hasMessageContaining("apps/");
    }

    @Test
    void helmOutputIsSubstitutedToo() throws IOException {
        ManifestSet set = render(new HelmRenderer(), "chart", HelmOptions.release("web"), Substitution.of(VARIABLES));
        assertSameObjects(set, expected("chart.yaml"));
        assertThat(set.manifests().get(0).origin().file()).as("Helm names the template by its chart").isEqualTo("web/templates/deployment.yaml");
    }
}
