package io.gitops4j.testkit.server;

import io.gitops4j.testkit.git.ToolCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real kubectl against a kubeconfig with a private HOME and cache directory, so runs never share state or
 * read the user's configuration.
 */
final class Kubectl {
    /** The dispatcher that picks the versioned binary from the server's {@code /version}. */
    static final Path DISPATCHER = Path.of("/usr/bin/kubectl");
    /** Where the versioned binaries live ({@code kubectl.1.NN}). */
    static final Path VERSIONED_DIR = Path.of("/usr/lib/google-cloud-sdk/bin");

    /** Outcome of one run. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit=" + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path binary;
    private final Path kubeconfig;
    private final Path home;

    Kubectl(Path binary, Path kubeconfig, Path home) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** The versioned binary for {@code minor}, if installed. */
    static Path versioned(int minor) {
        return VERSIONED_DIR.resolve("kubectl.1." + minor);
    }

    /** The kubectl minors the ITs cover, 27 to 33; {@code -Dkubectl.minors=27,33} narrows them to those listed. */
    static java.util.stream.IntStream minors() {
        String only = System.getProperty("kubectl.minors", "");
        return java.util.stream.IntStream.rangeClosed(27, 33)
                .filter(minor -> only.isBlank() || List.of(only.split(",")).contains(String.valueOf(minor)));
    }

    /**
     * The kubectl to run against a server announcing 1.{@code minor}: the dispatcher when the versioned binary it
     * would pick is installed, else that binary. When it is missing the calling test fails under {@code CI=true}
     * and is skipped (naming what to install) otherwise.
     */
    static Path binaryFor(int minor) {
        Path versioned = versioned(minor);
        if (Files.isExecutable(DISPATCHER) && Files.isExecutable(versioned)) {
            return DISPATCHER;
        }
        return binaryItself(minor);
    }

    /**
     * The versioned kubectl 1.{@code minor} itself, never the dispatcher (which would pick the binary matching the
     * server's version): for running an older kubectl against a newer server. When it is missing the calling test
     * fails under {@code CI=true} and is skipped (naming what to install) otherwise.
     */
    static Path binaryItself(int minor) {
        Path versioned = versioned(minor);
        if (Files.isExecutable(versioned)) {
            return versioned;
        }
        return ToolCheck.missing("kubectl 1." + minor + " is missing (" + versioned + ", the google-cloud-cli "
                + "kubectl component)", "kubectl");
    }

    /** Runs kubectl with {@code args}, waiting at most 90 seconds. */
    Result run(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 90 s");
        }
        return collect(p);
    }

    /** Starts kubectl with {@code args} in the background; stdout and stderr go to files under HOME. */
    Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.add("--cache-dir=" + home.resolve(".kube/cache"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.remove("KUBECONFIG");
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("KUBECTL_INTERACTIVE_DELETE", "false");
        Files.createDirectories(home);
        Path out = Files.createTempFile(home, "out-", ".txt");
        Path err = Files.createTempFile(home, "err-", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process process = pb.start();
        OUTPUTS.put(process, new Path[] {out, err});
        return process;
    }

    private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a started process printed so far. */
    static String stdoutSoFar(Process p) throws IOException {
        return Files.readString(OUTPUTS.get(p)[0], StandardCharsets.UTF_8);
    }

    /** Collects a finished process started by {@link #start}. */
    static Result collect(Process p) throws IOException {
        Path[] files = OUTPUTS.remove(p);
        return new Result(p.exitValue(), Files.readString(files[0], StandardCharsets.UTF_8),
                Files.readString(files[1], StandardCharsets.UTF_8));
    }
}
