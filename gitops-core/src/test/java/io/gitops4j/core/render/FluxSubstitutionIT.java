package io.gitops4j.core.render;

import static io.gitops4j.core.render.FluxSubstitutionTest.VARIABLES;
import static io.gitops4j.core.render.FluxSubstitutionTest.assertSameObjects;
import static io.gitops4j.core.render.FluxSubstitutionTest.expected;
import static io.gitops4j.core.render.FluxSubstitutionTest.render;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flux-style fixture tree ({@link FluxSubstitutionTest}) through the real kustomize ({@code kubectl kustomize}):
 * a kustomization over the files (whose own labels use a variable), and the files' directory without a
 * kustomization, which the renderer builds as Flux does, from a generated one.
 */
class FluxSubstitutionIT {
    private static KustomizeRenderer renderer;

    @BeforeAll
    static void tool() {
        renderer = new KustomizeRenderer(KustomizeTool.kubectl(KubectlTool.require()), YamlLimits.defaults());
    }

    @Test
    void aKustomizationRendersAsFluxWould() throws IOException {
        List<Manifest> expected = new ArrayList<>();
        for (Manifest m : expected("apps.yaml")) {
            boolean disabled = m.name().equals("raw-script");
            expected.add(withTeamLabel(m, disabled ? "${TEAM:=platform}" : "platform"));
        }
        assertSameObjects(render(renderer, "overlay", KustomizeOptions.defaults(), Substitution.of(VARIABLES)),
                expected);
    }

    /** The label the overlay adds (no label checks here: the disabled object keeps its expression). */
    private static Manifest withTeamLabel(Manifest m, String value) {
        Map<String, Object> labels = new LinkedHashMap<>(m.labels());
        labels.put("team", value);
        Map<String, Object> metadata = new LinkedHashMap<>(m.metadata());
        metadata.put("labels", labels);
        return m.with("metadata", metadata);
    }

    @Test
    void aDirectoryWithoutAKustomizationIsBuiltAsFluxBuildsIt() throws IOException {
        assertSameObjects(render(renderer, "apps", KustomizeOptions.defaults(), Substitution.of(VARIABLES)),
                expected("apps.yaml"));
    }
}
