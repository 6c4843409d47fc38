package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hardened child-process runner: OS limits, a process group, streaming caps, timeout, scrubbed environment. */
class ToolProcessTest {
    private static final ToolLimits LIMITS = ToolLimits.defaults().withMaxMemoryBytes(256L << 20)
            .withMaxCpuTime(Duration.ofSeconds(7)).withMaxStdoutBytes(1 << 20).withMaxStderrBytes(64 << 10);

    @TempDir
    Path scratch;

    @BeforeEach
    void osLimits() {
        KubectlTool.requireTool(OsLimits.enforced(), "setsid and prlimit", "util-linux");
    }

    private ToolProcess.Result sh(String script, Duration timeout, ToolLimits limits) {
        return ToolProcess.run(new ToolProcess.Invocation(List.of("sh", "-c", script), scratch, scratch, timeout,
                limits, Map.of("EXTRA", "added"), Map.of(scratch, "<scratch>")));
    }

    private RenderException failure(String script, Duration timeout, ToolLimits limits) {
        return catchThrowableOfType(() -> sh(script, timeout, limits), RenderException.class);
    }

    @Test
    @DisplayName("RD-19 the child runs under the memory and CPU limits, as the leader of a process group of its own")
    void childRunsUnderLimitsInItsOwnGroup() {
        ToolProcess.Result r = sh("ulimit -d; ulimit -t; echo $$; cut -d' ' -f5 /proc/$$/stat",
                Duration.ofSeconds(30), LIMITS);
        String[] lines = new String(r.stdout(), StandardCharsets.UTF_8).strip().split("\n");
        assertThat(r.exitCode()).isZero();
        assertThat(lines[0]).isEqualTo(Long.toString((256L << 20) / 1024));   // ulimit -d prints KiB
        assertThat(lines[1]).isEqualTo("7");
        assertThat(lines[3]).as("process group id").isEqualTo(lines[2]);
    }

    @Test
    @DisplayName("RD-19 endless output is cut off at the cap while the child runs, and the child is killed")
    void stdoutCappedWhileRunning() {
        long start = System.nanoTime();
        RenderException e = failure("yes gitops4j", Duration.ofSeconds(60), LIMITS);
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("sh output too large: over 1048576 bytes (stopped while it was writing)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("RD-19 endless error text is cut off at its cap while the child runs")
    void stderrCappedWhileRunning() {
        RenderException e = failure("yes gitops4j >&2", Duration.ofSeconds(60), LIMITS);
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("sh error output too large: over 65536 bytes (stopped while it was "
                + "writing)");
    }

    @Test
    @DisplayName("RD-19 a child spinning on the CPU is stopped by the kernel at its CPU time limit")
    void cpuLimitStopsSpinningChild() {
        long start = System.nanoTime();
        RenderException e = failure("while :; do :; done", Duration.ofSeconds(60),
                LIMITS.withMaxCpuTime(Duration.ofSeconds(1)));
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("sh was stopped at its CPU time limit of 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("RD-09 at the timeout the whole process group dies, also a grandchild its parent left behind")
    void timeoutKillsReparentedGrandchild() throws Exception {
        Path pid = scratch.resolve("orphan.pid");
        // the subshell starts sleep and exits: sleep is re-parented and no longer a descendant of the child
        RenderException e = failure("( sleep 300 & echo $! > " + pid + " ); sleep 300", Duration.ofSeconds(1),
                LIMITS);
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("sh did not finish within 1 s");
        assertThat(awaitDead(Long.parseLong(Files.readString(pid).strip()))).as("orphaned sleep killed").isTrue();
    }

    @Test
    @DisplayName("RD-09 a grandchild holding the output open after the child exits is killed; the result stands")
    void strayGrandchildHoldingOutputIsKilled() throws Exception {
        Path pid = scratch.resolve("stray.pid");
        long start = System.nanoTime();
        ToolProcess.Result r = sh("( sleep 300 & echo $! > " + pid + " ); echo done", Duration.ofSeconds(60), LIMITS);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("done\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(awaitDead(Long.parseLong(Files.readString(pid).strip()))).isTrue();
    }

    @Test
    @DisplayName("RD-09 the child sees only PATH, private HOME/TMPDIR/XDG directories, no kubeconfig, and what the "
            + "caller adds")
    void environmentIsScrubbed() {
        ToolProcess.Result r = sh("env", Duration.ofSeconds(30), LIMITS);
        Set<String> names = new TreeSet<>();
        Arrays.stream(new String(r.stdout(), StandardCharsets.UTF_8).split("\n"))
                .forEach(line -> names.add(line.substring(0, line.indexOf('='))));
        names.remove("PWD");   // set by the shell itself
        assertThat(names).containsExactly("EXTRA", "HOME", "KUBECONFIG", "PATH", "TMPDIR", "XDG_CACHE_HOME",
                "XDG_CONFIG_HOME");
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).contains("KUBECONFIG=" + scratch
                .resolve("home/no-kubeconfig"));
    }

    @Test
    @DisplayName("RD-09 a failing tool is a result with its error text, host paths replaced")
    void failureIsAResultWithScrubbedErrorText() {
        ToolProcess.Result r = sh("echo \"cannot read " + scratch + "/x.yaml\" >&2; exit 3", Duration.ofSeconds(30),
                LIMITS);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).isEqualTo("cannot read <scratch>/x.yaml");
    }

    @Test
    void limitsAreValidated() throws IOException {
        assertThat(catchThrowableOfType(() -> ToolLimits.defaults().withMaxStdoutBytes(0),
                IllegalArgumentException.class)).hasMessage("tool limits must be positive");
        assertThat(ToolLimits.defaults().withMaxCpuTime(Duration.ofMillis(1500)).cpuSeconds()).isEqualTo(2);
    }

    /** Polls to a deadline: true once the process is gone or a zombie. */
    private static boolean awaitDead(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String s = Files.readString(stat);
            if (s.charAt(s.lastIndexOf(')') + 2) == 'Z') {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
