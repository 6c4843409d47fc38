package io.gitops4j.api.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The substitution settings: Flux's variable-name rule, and values that never show. */
class SubstitutionTest {
    private static final String CANARY = "CANARY-SECRET-value";

    @Test
    void namesFollowFluxsRule() {
        assertThat(Substitution.of(Map.of("_a1", "x", "Cluster_NAME", "y")).variables()).containsKeys("_a1",
                "Cluster_NAME");
        for (String bad : new String[] {"1abc", "a-b", "a.b", "", "é"}) {
            assertThatThrownBy(() -> Substitution.of(Map.of(bad, CANARY))).as(bad)
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("not a valid variable name")
                    .hasMessageNotContaining(CANARY);
        }
    }

    @Test
    void valuesNeverShowAndNewlinesAreRemovedAsFluxDoes() {
        Substitution s = Substitution.of(Map.of("TOKEN", CANARY + "\nline2")).withStrict(true);
        assertThat(s.variables()).containsEntry("TOKEN", CANARY + "line2");
        assertThat(s.toString()).isEqualTo("Substitution[variables=[TOKEN], strict=true]");
        assertThat(new RenderSpec("plain", "", PlainYamlOptions.defaults(), s).toString()).doesNotContain(CANARY);
        assertThat(s.fingerprint()).startsWith("strict:").doesNotContain(CANARY).doesNotContain("TOKEN");
    }

    @Test
    void theFingerprintChangesWithEveryValueAndModeAndIsNoneWhenOff() {
        Substitution a = Substitution.of(Map.of("A", "1", "B", "2"));
        assertThat(a.fingerprint()).isEqualTo(Substitution.of(Map.of("B", "2", "A", "1")).fingerprint());
        assertThat(a.fingerprint()).isNotEqualTo(a.withVariables(Map.of("A", "1", "B", "3")).fingerprint())
                .isNotEqualTo(a.withVariables(Map.of("A", "12", "B", "")).fingerprint())
                .isNotEqualTo(a.withStrict(true).fingerprint());
        assertThat(Substitution.none().fingerprint()).isEqualTo("none");
        assertThat(Substitution.none().withStrict(true).isEnabled()).as("as in Flux: no variable, no substitution")
                .isFalse();
    }
}
