package io.gitops4j.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One rule decides whether a test whose external tool is missing fails or is skipped: the testkit's
 * {@code ToolCheck} (and, for gitops-core, which cannot depend on the testkit, {@code KubectlTool}). No other source
 * file reads the {@code CI} environment variable.
 */
class CiRuleTest {
    private static final List<String> HELPERS = List.of(
            "gitops-testkit/src/main/java/io/gitops4j/testkit/git/ToolCheck.java",
            "gitops-core/src/test/java/io/gitops4j/core/render/KubectlTool.java");

    @Test
    void onlyTheToolCheckHelpersReadTheCiVariable() {
        List<String> readers = SourceTree.files().stream().filter(f -> f.path().endsWith(".java"))
                .filter(f -> f.text().contains("\"CI\"")).map(SourceTree.SourceFile::path).toList();

        assertThat(readers).containsExactlyInAnyOrderElementsOf(HELPERS);
    }
}
