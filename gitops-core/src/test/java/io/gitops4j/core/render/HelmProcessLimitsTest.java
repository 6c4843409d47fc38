package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RD-14: a chart cannot take down the host. Helm runs in a child process: a render over its timeout is stopped and
 * its process is gone (no thread of this JVM keeps running Helm), and the operating system stops a chart that uses
 * more memory or CPU time than {@link HelmLimits} allow.
 */
class HelmProcessLimitsTest {
    /** About 4·10⁸ template loop iterations: minutes of CPU. */
    private static final String BURN = "{{- range $i := until 20000 }}{{ range $j := until 20000 }}{{ end }}"
            + "{{ end }}";

    @TempDir
    Path repo;

    private void chart(String template) throws IOException {
        Files.createDirectories(repo.resolve("c/templates"));
        Files.writeString(repo.resolve("c/Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        Files.writeString(repo.resolve("c/templates/t.yaml"), template + "\napiVersion: v1\nkind: ConfigMap\n"
                + "metadata:\n  name: t\n");
    }

    private RenderException fail(HelmRenderer renderer, HelmOptions options) {
        try {
            HelmRendererTest.render(renderer, repo, "c", options);
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("the render did not fail");
    }

    @Test
    @DisplayName("RD-14 a render over its timeout fails with TIMEOUT and leaves no Helm process or thread running")
    void timeoutStopsHelm() throws Exception {
        chart(BURN);
        HelmOptions options = HelmOptions.release("r").withTimeout(Duration.ofSeconds(3));
        Set<Long> before = helmChildren();
        long start = System.nanoTime();
        RenderException e = fail(new HelmRenderer(), options);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("helm template did not finish within 3 s; the helm process was "
                + "stopped");
        assertThat(tookMs).as("stopped soon after the timeout").isLessThan(15_000);
        assertThat(childrenSince(before)).as("Helm child processes still running").isEmpty();
        assertThat(Thread.getAllStackTraces().entrySet()).as("threads of this JVM running Helm")
                .noneMatch(t -> Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName()
                        .startsWith("com.marcnuri.helm")));
    }

    @Test
    @DisplayName("RD-14 a chart allocating 1 GB (repeat) is stopped by the memory limit with LIMIT")
    void memoryLimit() throws Exception {
        chart("{{- $x := repeat 1000000000 \"x\" }}{{ if eq (len $x) 0 }}{{ end }}");
        Set<Long> before = helmChildren();
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.none(), YamlLimits.defaults(), Set.of(),
                HelmLimits.defaults().withProcess(ToolLimits.defaults().withMaxMemoryBytes(512L << 20)));
        RenderException e = fail(renderer, HelmOptions.release("r"));
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("the helm process ran out of its memory limit of 512 MiB");
        assertThat(childrenSince(before)).isEmpty();
    }

    @Test
    @DisplayName("RD-14 a child whose JVM, not Helm's Go code, meets the memory limit first is stopped with LIMIT too")
    void memoryLimitMetByTheChildJvm() throws Exception {
        // Which runtime of the child meets the limit first is a matter of timing (memoryLimit above failed now and
        // then with TOOL_FAILURE under load). Here a real JVM child meets it for sure: it commits a heap larger than
        // the limit at start, so it reports "insufficient memory" on standard output and in its error file.
        HelmLimits limits = HelmLimits.defaults().withProcess(ToolLimits.defaults().withMaxMemoryBytes(256L << 20));
        HelmChild child = HelmChild.start(scratch -> List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-XX:ErrorFile="
                + scratch.resolve(HelmProcess.JVM_ERROR_FILE), "-version"), limits);
        Path request = Files.writeString(repo.resolve("request"), "");
        try {
            child.render(request, 1, Duration.ofSeconds(60), Map.of());
            throw new AssertionError("the render did not fail");
        } catch (RenderException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).isEqualTo("the helm process ran out of its memory limit of 256 MiB");
        } finally {
            child.close();
        }
    }

    @Test
    @DisplayName("RD-14 a chart burning CPU is stopped by the CPU-time limit with LIMIT before its timeout")
    void cpuLimit() throws Exception {
        chart(BURN);
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.none(), YamlLimits.defaults(), Set.of(),
                HelmLimits.defaults().withProcess(ToolLimits.defaults().withMaxCpuTime(Duration.ofSeconds(3))));
        RenderException e = fail(renderer, HelmOptions.release("r"));
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("the helm process was stopped at its CPU time limit of 3 s");
    }

    @Test
    @DisplayName("RD-14 a warm child serves the next render; a chart Helm refuses leaves it usable")
    void warmChildReused() throws Exception {
        chart("");
        HelmRenderer renderer = new HelmRenderer();
        HelmRendererTest.render(renderer, repo, "c", HelmOptions.release("r"));
        Set<Long> afterFirst = helmChildren();
        assertThat(afterFirst).isNotEmpty();
        chart("{{ fail \"no\" }}");
        assertThat(fail(new HelmRenderer(), HelmOptions.release("r")).getMessage()).contains("no");
        chart("");
        HelmRendererTest.render(renderer, repo, "c", HelmOptions.release("r"));
        assertThat(helmChildren()).as("no process was started for the second and third render")
                .isSubsetOf(afterFirst);
    }

    /** @return the process ids of this JVM's Helm children alive now */
    static Set<Long> helmChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("HelmChildMain"))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** @return the Helm children started since {@code before} still alive, polled until a deadline for them to go */
    static Set<Long> childrenSince(Set<Long> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<Long> alive;
        do {
            alive = new HashSet<>(helmChildren());
            alive.removeAll(before);
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return alive;
    }
}
