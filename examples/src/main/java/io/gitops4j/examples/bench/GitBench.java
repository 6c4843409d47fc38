package io.gitops4j.examples.bench;

import com.sun.management.ThreadMXBean;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.testkit.git.CliGitDaemonServer;
import io.gitops4j.testkit.git.CommitSpec;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench git} (P2, P10): the Git source against the git CLI on the same {@code git daemon} on 127.0.0.1, in
 * the same run, interleaved — ls-remote with nothing new, incremental fetch of one new commit, shallow clone — for
 * generated repositories of about 10 MiB and 100 MiB (random, incompressible blobs, repacked on the server); plus JGit's heap during a
 * full fetch (allocated bytes of the fetching thread, peak heap growth over the pre-fetch baseline).
 */
public final class GitBench implements BenchSuite {
    private static Path home;

    @Override
    public String name() {
        return "git";
    }

    @Override
    public String description() {
        return "Git source vs git CLI on git daemon: ls-remote, incremental fetch, shallow clone, heap (P2, P10)";
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        int[] sizesMiB = quick ? new int[] {2, 10} : new int[] {10, 100};
        int reps = quick ? 3 : 7;
        MarkdownTable table = new MarkdownTable("operation", "repo", "gitops4j median ms", "spread",
                "git CLI median ms", "spread", "ratio");
        MarkdownTable heap = new MarkdownTable("repo", "full fetch ms", "allocated MiB (fetching thread)",
                "peak heap growth MiB");
        try (GitFixtures git = GitFixtures.create()) {
            home = git.newDirectory("home");
            CliGitDaemonServer daemon = git.cliDaemon();
            for (int mib : sizesMiB) {
                String name = "bench" + mib;
                TestRepo repo = generate(git.repo(name), mib);
                cli(List.of("git", "-C", repo.directory().toString(), "repack", "-a", "-d", "-q"), null);
                String url = daemon.url(name);
                err.printf("bench git: %d MiB repository generated%n", mib);
                Path cliMirror = git.newDirectory("cli").resolve("mirror.git");
                cli(List.of("git", "clone", "--quiet", "--bare", url, cliMirror.toString()), null);
                try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
                    SourceSpec spec = SourceSpec.git(url, "main", "");
                    source.resolve(spec);
                    Samples ours = new Samples();
                    Samples peer = new Samples();
                    for (int i = 0; i < reps * 3; i++) {
                        ours.add(millis(() -> source.resolve(spec)));
                        peer.add(millis(() -> cli(List.of("git", "ls-remote", url, "refs/heads/main"), null)));
                    }
                    row(table, "ls-remote, nothing new (P2)", mib, ours, peer);
                    ours = new Samples();
                    peer = new Samples();
                    for (int i = 0; i < reps; i++) {
                        repo.commit("ours " + i).add("change/ours.txt", "ours " + i + "\n").create();
                        int fetchesBefore = source.stats().fetches();
                        ours.add(millis(() -> source.resolve(spec)));
                        if (source.stats().fetches() != fetchesBefore + 1) {
                            throw new IllegalStateException("expected exactly one fetch");
                        }
                        repo.commit("peer " + i).add("change/peer.txt", "peer " + i + "\n").create();
                        peer.add(millis(() -> cli(List.of("git", "fetch", "--quiet", url,
                                "+refs/heads/main:refs/heads/main"), cliMirror)));
                    }
                    row(table, "fetch one new commit (P10)", mib, ours, peer);
                }
                Samples ours = new Samples();
                Samples peer = new Samples();
                for (int i = 0; i < Math.max(3, reps / 2); i++) {
                    Path cache = git.newDirectory("shallow");
                    ours.add(millis(() -> {
                        try (GitSource s = GitSource.builder().cacheDirectory(cache).shallow(true).build()) {
                            s.resolve(SourceSpec.git(url, "main", ""));
                        }
                    }));
                    Path dir = git.newDirectory("cli-shallow").resolve("c.git");
                    peer.add(millis(() -> cli(List.of("git", "clone", "--quiet", "--bare", "--depth", "1", url,
                            dir.toString()), null)));
                }
                row(table, "shallow clone", mib, ours, peer);
                Object[] cells = heapRow(git, url);
                heap.row(mib + " MiB", cells[0], cells[1], cells[2]);
            }
        }
        out.println("### Git source vs git CLI (same git daemon on 127.0.0.1, interleaved)");
        out.println();
        table.print(out);
        out.println();
        out.println("### JGit heap during a full fetch (P10: ≤ 256 MiB)");
        out.println();
        heap.print(out);
        out.println();
        out.println("ratio = gitops4j median / git CLI median (lower is better; P10 target for fetch ≤ 1.5). The git CLI"
                + " numbers include starting a process, as any tool shelling out to git pays it.");
        out.flush();
    }

    private static Object[] heapRowCells(long ms, long allocated, long peak) {
        return new Object[] {ms, String.format("%.1f", allocated / 1048576.0), String.format("%.1f", peak / 1048576.0)};
    }

    private static Object[] heapRow(GitFixtures git, String url) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        try (GitSource s = GitSource.builder().cacheDirectory(git.newDirectory("heap")).build()) {
            s.resolve(SourceSpec.git(url, "main", ""));
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocBefore;
        sampler.interrupt();
        sampler.join();
        return heapRowCells(ms, allocated, peak.get() - baseline);
    }

    private static void row(MarkdownTable t, String op, int mib, Samples ours, Samples peer) {
        t.row(op, mib + " MiB", String.format("%.1f", ours.median()), ours.spread("%.1f"),
                String.format("%.1f", peer.median()), peer.spread("%.1f"),
                String.format("%.2f", ours.median() / peer.median()));
    }

    private static TestRepo generate(TestRepo repo, int mib) {
        Random random = new Random(mib);
        int files = mib * 4;
        int perCommit = Math.max(1, files / 10);
        for (int c = 0; c * perCommit < files; c++) {
            CommitSpec commit = repo.commit("generate " + c);
            for (int f = c * perCommit; f < Math.min(files, (c + 1) * perCommit); f++) {
                byte[] blob = new byte[256 * 1024];
                random.nextBytes(blob);
                commit.add("data/d" + (f % 16) + "/blob" + f + ".bin", blob);
            }
            commit.add("manifests/cm.yaml", "kind: ConfigMap\nmetadata:\n  name: gen-" + c + "\n");
            commit.create();
        }
        return repo;
    }

    /** A measured action. */
    private interface Action {
        void run() throws Exception;
    }

    private static double millis(Action a) throws Exception {
        long start = System.nanoTime();
        a.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void cli(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
