package io.gitops4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of {@code ./gitops4j bench apply} that do not need a server. */
class ApplyBenchPartsTest {
    @Test
    void theWorkloadChangesExactlyOneTenthBetweenRevisions(@TempDir Path work) throws Exception {
        List<Manifest> first = ApplyWorkload.read(ApplyWorkload.write(work, "shop", 40, 1));
        List<Manifest> second = ApplyWorkload.read(ApplyWorkload.write(work, "shop", 40, 2));

        Map<ResourceKey, String> before = first.stream().collect(Collectors.toMap(Manifest::key,
                Manifest::contentHash));
        long changed = second.stream().filter(m -> !m.contentHash().equals(before.get(m.key()))).count();

        assertThat(first).hasSize(40);
        assertThat(second.stream().map(Manifest::key)).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(changed).isEqualTo(ApplyWorkload.changed(40)).isEqualTo(4);
        assertThat(first.stream().filter(m -> m.kind().equals("Deployment")).count()).isEqualTo(10);
        assertThat(first).allSatisfy(m -> assertThat(m.namespace()).isEqualTo("shop"));
    }

    @Test
    void requestCountsNameTheMostFrequentVerbFirst() {
        RequestCounts counts = new RequestCounts(1006, Map.of("get", 4L, "patch", 1000L, "list", 2L), 1002,
                Map.of("200", 1006L));

        assertThat(counts.describeVerbs()).isEqualTo("patch 1000, get 4, list 2");
        assertThat(counts.nonResource()).isEqualTo(4);
        assertThat(counts.writes()).isEqualTo(1000);
        assertThat(counts.status(200)).isEqualTo(1006);
        assertThat(counts.status(429)).isZero();
        assertThatThrownBy(() -> new RequestCounts(1, Map.of(), 2, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void p3RowsJudgeEachSourceOnItsOwnMeanThreadCpuAndRequests() {
        RequestCounts none = new RequestCounts(0, Map.of(), 0, Map.of());
        // 20 passes at N = 1,000: 396 ms of threads is 19.8 ms a pass, 198 ms per 10,000; 40 ms is 2 ms, 20 per 10,000
        NoOpPasses directory = new NoOpPasses(20, 20, none, 396, 400, 900);
        NoOpPasses git = new NoOpPasses(20, 20, none, 40, 200, 120);
        NoOpPasses atTheBound = new NoOpPasses(20, 20, none, 100, 100, 100);
        NoOpPasses written = new NoOpPasses(20, 20, new RequestCounts(3, Map.of("patch", 3L), 3, Map.of("200", 3L)),
                40, 40, 40);

        Object[] dirRow = ApplyReport.p3Row("directory", directory, 1000);
        Object[] gitRow = ApplyReport.p3Row("git", git, 1000);

        assertThat(dirRow).hasSize(4).startsWith("directory");
        assertThat((String) dirRow[1]).contains("0.0 requests (0 writes) per pass", "19.8 ms of threads",
                "(198 ms per 10,000)", "20.0 ms of the process", "45.0 ms wall", "mean of 20 passes");
        assertThat(dirRow[3]).isEqualTo("**no**");
        assertThat((String) gitRow[1]).contains("2.0 ms of threads", "(20 ms per 10,000)", "10.0 ms of the process");
        assertThat(gitRow[3]).isEqualTo("yes");
        assertThat(ApplyReport.p3Row("bound", atTheBound, 1000)[3]).isEqualTo("yes");
        assertThat(ApplyReport.p3Row("bound", atTheBound, 999)[3]).isEqualTo("**no**");
        assertThat(ApplyReport.p3Row("written", written, 1000)[3]).isEqualTo("**no**");
        assertThatThrownBy(() -> new NoOpPasses(0, 0, none, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childrenCpuCountsAProcessThisJvmWaitedFor() throws Exception {
        long before = ProcessCpu.children();
        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertThat(busy.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(ProcessCpu.children() - before).isPositive();
        assertThat(ProcessCpu.self()).isPositive();
    }
}
