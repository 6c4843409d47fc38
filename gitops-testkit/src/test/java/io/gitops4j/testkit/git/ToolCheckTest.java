package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tools are found by name on the PATH (then in the sbin directories), as {@code .ci/run} finds them. */
class ToolCheckTest {
    @Test
    @DisplayName("a tool on the PATH is found by name, as an absolute executable path")
    void foundOnPath() {
        Path sh = ToolCheck.find("sh").orElseThrow();
        assertThat(sh).isAbsolute();
        assertThat(sh.getFileName()).hasToString("sh");
        assertThat(Files.isExecutable(sh)).isTrue();
        assertThat(ToolCheck.find("gitops4j-no-such-tool")).isEmpty();
    }

    @Test
    @DisplayName("git's helper programs are found in git --exec-path, not at a fixed path")
    void gitProgram() {
        Path backend = ToolCheck.gitProgram("git-http-backend");
        assertThat(backend.getFileName()).hasToString("git-http-backend");
        assertThat(Files.isExecutable(backend)).isTrue();
    }
}
