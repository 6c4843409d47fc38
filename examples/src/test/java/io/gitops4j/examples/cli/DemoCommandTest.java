package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gitops4j demo}'s options: bad usage is exit 2, a cluster or repository that fails is exit 1, one line. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void optionsThatGoWithAnotherAreBadUsageWithoutIt() {
        CliRun context = CliRun.of("demo", "--context", "prod");
        assertThat(context.exit()).isEqualTo(2);
        assertThat(context.err()).contains("--context goes with --kubeconfig");

        CliRun path = CliRun.of("demo", "--path", "overlays/prod");
        assertThat(path.exit()).isEqualTo(2);
        assertThat(path.err()).contains("--path and --ref go with --repo");
    }

    @Test
    void anUnreadableKubeconfigIsExit1WithOneLineAndNoStory() {
        CliRun run = CliRun.of("demo", "--kubeconfig", dir.resolve("missing.yaml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("== 1/");
    }

    @Test
    void aRepositoryWhosePassFailsEndsTheDemoWithExit1() {
        CliRun run = CliRun.of("demo", "--repo", dir.resolve("no-such-repo").toUri().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED").contains("demo FAILED: a step did not end as the story says");
    }
}
