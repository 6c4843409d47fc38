package io.gitops4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The JUnit version check: supported versions pass, an older one gets a message naming it and the fix. */
class JUnitVersionTest {
    @Test
    void anOlderJUnitIsNamedWithTheFix() {
        assertThat(JUnitVersion.problem("5.9.3", false)).hasValueSatisfying(m -> assertThat(m)
                .contains("gitops4j-testkit needs JUnit Jupiter 5.10.0 or newer")
                .contains("junit-jupiter-api 5.9.3")
                .contains("org.junit:junit-bom"));
        assertThat(JUnitVersion.problem(null, false)).hasValueSatisfying(m -> assertThat(m)
                .contains("junit-jupiter-api of an older, unnamed version"));
    }

    @Test
    void aJUnitWithTheMinimumsTypesPassesWhateverItsManifestSays() {
        assertThat(JUnitVersion.problem("5.10.0", true)).isEmpty();
        assertThat(JUnitVersion.problem("6.1.3", true)).isEmpty();
        assertThat(JUnitVersion.problem(null, true)).isEmpty();
    }

    @Test
    void theJUnitOfThisBuildPasses() {
        assertThatCode(JUnitVersion::check).doesNotThrowAnyException();
    }
}
