package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool the hardened way renderers need it (RD-09, RD-19):
 *
 * <ul>
 *   <li>a scrubbed environment: only {@code PATH}, a private {@code HOME}, {@code TMPDIR} and XDG directories, a
 *       {@code KUBECONFIG} that does not exist, and what the caller adds; no credential of the host reaches it;
 *   <li>operating-system limits on memory and CPU time and a process group of its own ({@link OsLimits});
 *   <li>standard output and standard error read concurrently while the tool runs, each cut off at its cap ({@link
 *       ToolLimits}): the tool is killed the moment it writes more, so the JVM never holds more than the caps;
 *   <li>a wall-clock timeout that kills the whole process group and every descendant;
 *   <li>no process left behind: when the tool ends, what is still running in its process group is killed;
 *   <li>error text with host paths replaced ({@link #scrubText}).
 * </ul>
 *
 * <p>Stateless and thread-safe; each {@link #run} is independent and blocks until the tool has ended (or was
 * killed) and both of its streams are read. Two reader threads per run; none outlives it unless a descendant escapes
 * the process group and keeps a stream open, in which case the reader is abandoned (a daemon thread).
 */
final class ToolProcess {
    private static final long POLL_MILLIS = 50;
    private static final long DRAIN_MILLIS = 2_000;

    /** What a finished run produced. */
    record Result(int exitCode, byte[] stdout, String stderr) {}

    /**
     * What to run.
     *
     * @param command the program and its arguments
     * @param workDir the working directory
     * @param scratch a private directory for HOME and TMPDIR; deleted by the caller
     * @param timeout how long the tool may run (wall clock)
     * @param limits memory, CPU time and output caps
     * @param environment variables added to the scrubbed environment
     * @param scrub host paths to replace in error text, each mapped to what replaces it
     */
    record Invocation(List<String> command, Path workDir, Path scratch, Duration timeout, ToolLimits limits,
            Map<String, String> environment, Map<Path, String> scrub) {
        /** Copies the collections. */
        Invocation {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command must not be empty");
            }
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(scratch, "scratch");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(limits, "limits");
            environment = Map.copyOf(environment);
            scrub = Map.copyOf(scrub);
        }

        String toolName() {
            return String.valueOf(Path.of(command.get(0)).getFileName());
        }
    }

    private ToolProcess() {}

    /**
     * Runs the tool to its end. A non-zero exit is a {@link Result}, not an exception; what the limits stop is an
     * exception.
     *
     * @throws RenderException {@link Reason#TIMEOUT} past the timeout (or when interrupted); {@link Reason#LIMIT}
     *     when the output or error text passes its cap, or the tool is stopped by its CPU time or memory limit;
     *     {@link Reason#TOOL_FAILURE} when it cannot start or its output cannot be read
     */
    static Result run(Invocation run) {
        Process process = start(run);
        long deadline = System.nanoTime() + run.timeout().toNanos();
        CappedCapture out = new CappedCapture("gitops4j-tool-stdout-" + process.pid(), process.getInputStream(),
                run.limits().maxStdoutBytes(), () -> OsLimits.killGroup(process));
        CappedCapture err = new CappedCapture("gitops4j-tool-stderr-" + process.pid(), process.getErrorStream(),
                run.limits().maxStderrBytes(), () -> OsLimits.killGroup(process));
        Duration cpu = Duration.ZERO;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                cpu = process.info().totalCpuDuration().orElse(cpu);
                if (System.nanoTime() - deadline > 0) {
                    OsLimits.killGroup(process);
                    throw new RenderException(Reason.TIMEOUT, run.toolName() + " did not finish within "
                            + run.timeout().toSeconds() + " s", null);
                }
            }
            OsLimits.killLeftovers(process);   // descendants left behind in the tool's group end with it
            if (!out.await(DRAIN_MILLIS) || !err.await(DRAIN_MILLIS)) {
                // a descendant outside the tool's own life still holds a stream open: end it
                OsLimits.killGroup(process);
                if (!out.await(DRAIN_MILLIS) || !err.await(DRAIN_MILLIS)) {
                    out.abandon();
                    err.abandon();
                    throw new RenderException(Reason.TOOL_FAILURE, run.toolName() + " left a process behind "
                            + "that keeps its output open", null);
                }
            }
            checkCaps(run, out, err);
            if (out.failure() != null || err.failure() != null) {
                throw new RenderException(Reason.TOOL_FAILURE, "cannot read the output of " + run.toolName(), null);
            }
            String stderr = new String(err.bytes(), StandardCharsets.UTF_8);
            int exit = process.exitValue();
            checkResourceLimits(run, exit, cpu, stderr);
            return new Result(exit, out.bytes(), scrubText(stderr, run.scrub()));
        } catch (InterruptedException e) {
            killIfAlive(process);
            Thread.currentThread().interrupt();
            throw new RenderException(Reason.TIMEOUT, "interrupted while running " + run.toolName(), null);
        } catch (RuntimeException e) {
            killIfAlive(process);
            throw e;
        }
    }

    /**
     * Kills the group only while its leader lives: once the leader is reaped and its group empty, the id may belong
     * to someone else. (Where a descendant still holds a stream after the leader ended, the group is known to exist
     * and is killed directly.)
     */
    private static void killIfAlive(Process process) {
        if (process.isAlive()) {
            OsLimits.killGroup(process);
        }
    }

    private static Process start(Invocation run) {
        try {
            return builder(run).start();
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, "cannot start " + run.toolName() + ": "
                    + scrubText(String.valueOf(e.getMessage()), run.scrub()), null);
        }
    }

    /**
     * The process builder {@link #run} starts: the command under the OS limits, the scrubbed environment, standard
     * input from the null device. For a caller that manages a long-lived tool itself (the warm Helm child).
     */
    static ProcessBuilder builder(Invocation run) throws IOException {
        Path home = run.scratch().resolve("home");
        Path tmp = run.scratch().resolve("tmp");
        Files.createDirectories(home);
        Files.createDirectories(tmp);
        ProcessBuilder builder = new ProcessBuilder(OsLimits.command(run.command(), run.limits()))
                .directory(run.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
        env.putAll(run.environment());
        return builder;
    }

    private static void checkCaps(Invocation run, CappedCapture out, CappedCapture err) {
        if (out.overflowed()) {
            throw new RenderException(Reason.LIMIT, run.toolName() + " output too large: over "
                    + run.limits().maxStdoutBytes() + " bytes (stopped while it was writing)", null);
        }
        if (err.overflowed()) {
            throw new RenderException(Reason.LIMIT, run.toolName() + " error output too large: over "
                    + run.limits().maxStderrBytes() + " bytes (stopped while it was writing)", null);
        }
    }

    /** A tool stopped by the kernel for CPU time, or one that ran out of its memory, is a LIMIT failure. */
    private static void checkResourceLimits(Invocation run, int exit, Duration cpuSeen, String stderr) {
        if (exit == 0 || !OsLimits.enforced()) {
            return;
        }
        long limit = run.limits().cpuSeconds();
        boolean cpuSignal = exit == 128 + 24 || exit == 128 + 9;   // SIGXCPU, or SIGKILL at the hard limit
        if (cpuSignal && cpuSeen.toMillis() >= (limit - 1) * 1000) {
            throw new RenderException(Reason.LIMIT, run.toolName() + " was stopped at its CPU time limit of "
                    + limit + " s", null);
        }
        String text = stderr.toLowerCase(Locale.ROOT);
        if (text.contains("out of memory") || text.contains("outofmemoryerror")
                || text.contains("cannot allocate memory")) {
            throw new RenderException(Reason.LIMIT, run.toolName() + " ran out of its memory limit of "
                    + run.limits().maxMemoryBytes() / (1024 * 1024) + " MiB", null);
        }
    }

    /** Replaces host paths (longest first) and trims the text to its first 40 lines. */
    static String scrubText(String text, Map<Path, String> scrub) {
        String result = text;
        List<Map.Entry<Path, String>> entries = new ArrayList<>(scrub.entrySet());
        entries.sort((a, b) -> b.getKey().toString().length() - a.getKey().toString().length());
        for (Map.Entry<Path, String> e : entries) {
            String host = e.getKey().toString();
            result = result.replace(host + "/", e.getValue().isEmpty() ? "" : e.getValue() + "/");
            result = result.replace(host, e.getValue().isEmpty() ? "." : e.getValue());
        }
        String[] lines = result.strip().split("\\R");
        if (lines.length > 40) {
            return String.join("\n", java.util.Arrays.copyOf(lines, 40)) + "\n…";
        }
        return String.join("\n", lines);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
