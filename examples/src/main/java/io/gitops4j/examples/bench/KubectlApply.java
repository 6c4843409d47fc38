package io.gitops4j.examples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer of the apply benchmark: {@code kubectl apply --server-side -f DIR} run as a pipeline runs it, a new process
 * with an empty cache directory (so its discovery is as cold as a new target's). The binary is the one for the
 * server's minor version that the {@code kubectl} dispatcher on the PATH would pick ({@code kubectl.1.MINOR} beside
 * it), run directly so the dispatcher's own version request is not counted; without one, {@code kubectl} itself.
 *
 * <p>Stateless apart from the binary's path; thread-safe.
 */
final class KubectlApply {
    private final Path binary;

    private KubectlApply(Path binary) {
        this.binary = binary;
    }

    /**
     * @param minor the server's Kubernetes minor version
     * @throws IllegalStateException when no {@code kubectl} is on the PATH (a missing peer fails the benchmark)
     */
    static KubectlApply find(int minor) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                try {
                    Path versioned = candidate.toRealPath().resolveSibling("kubectl.1." + minor);
                    return new KubectlApply(Files.isExecutable(versioned) ? versioned : candidate);
                } catch (IOException e) {
                    return new KubectlApply(candidate);
                }
            }
        }
        throw new IllegalStateException("kubectl is not on the PATH: the apply benchmark's peer is missing");
    }

    /** @return the binary's file name, such as {@code kubectl.1.33} */
    String name() {
        return String.valueOf(binary.getFileName());
    }

    /**
     * Runs {@code kubectl apply --server-side -f dir} against the kubeconfig's server and waits for it.
     *
     * @param cacheDir an empty directory for kubectl's discovery and HTTP caches
     * @return the wall time (process start included) and kubectl's CPU time; no server CPU
     * @throws IllegalStateException when kubectl fails (its first error lines quoted)
     */
    ApplyRun apply(Path kubeconfig, Path dir, Path cacheDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString(), "apply", "--server-side", "-f", dir.toString()));
        Path errors = Files.createTempFile("gitops4j-bench-kubectl-", ".err");
        try {
            long cpu0 = ProcessCpu.children();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(name() + " apply did not finish within 30 minutes");
            }
            long elapsed = System.nanoTime() - t0;
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
                throw new IllegalStateException(name() + " apply exited " + p.exitValue() + ": "
                        + String.join(" | ", lines.subList(0, Math.min(3, lines.size()))));
            }
            return new ApplyRun(elapsed, ProcessCpu.children() - cpu0, 0);
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
