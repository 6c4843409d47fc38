package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.ManifestSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RD-18: Secret values never reach an error message or a string form of what was rendered. */
class SecretCanaryTest {
    private static final String CANARY = "CANARY-SECRET-4f1c";
    private static final String SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n"
            + "  password: " + CANARY + "\n";

    @Test
    @DisplayName("RD-18 rendered Secrets: values never appear in messages or toString")
    void canaryNeverAppears() {
        List<String> texts = new ArrayList<>();
        ManifestSet ok = ManifestSet.of(ManifestReader.withDefaults().read("s.yaml", SECRET));
        texts.add(ok.toString());
        texts.add(ok.manifests().get(0).toString());
        List<String> broken = List.of(
                SECRET + "  password: again-" + CANARY + "\n",
                SECRET + "  other: !!binary " + CANARY + "\n",
                SECRET + "  bad: !!int " + CANARY + "\n",
                SECRET + "  tagged: !vault " + CANARY + "\n",
                SECRET.replace("kind: Secret\n", "") ,
                SECRET + "  [" + CANARY + "]: x\n",
                SECRET + "  huge: " + "x".repeat(1024 * 1024) + CANARY + "\n",
                SECRET + "  x: \"" + CANARY + "\n");
        for (String yaml : broken) {
            try {
                ManifestReader.withDefaults().read("s.yaml", yaml);
                texts.add("accepted");
            } catch (RenderException e) {
                texts.add(e.getMessage());
            }
        }
        try {
            RenderPolicyCheck.check(ok, RenderPolicy.namespaced("x"), "y");
        } catch (RenderException e) {
            texts.add(e.getMessage());
        }
        assertThat(texts).hasSize(11).noneMatch(t -> t.contains(CANARY)).doesNotContain("accepted");
    }
}
