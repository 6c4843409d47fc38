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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool the hardened way renderers need it: a scrubbed environment (only {@code PATH}, and a
 * private {@code HOME}, {@code TMPDIR} and XDG directories: no credentials, no kubeconfig), output to files with a
 * size cap, a timeout that kills the whole process tree ({@link ProcessHandle#descendants()}), and error text with
 * host paths replaced. Stateless; each {@link #run} is independent.
 */
final class ToolProcess {
    /** What a finished run produced. */
    record Result(int exitCode, byte[] stdout, String stderr) {}

    private ToolProcess() {}

    /**
     * @param command the program and its arguments
     * @param workDir the working directory
     * @param scratch a private directory for HOME, TMPDIR and the output files; deleted by the caller
     * @param timeout how long the tool may run
     * @param maxOutputBytes the largest standard output accepted
     * @param scrub host paths to replace in error text, each mapped to what replaces it
     * @throws RenderException {@link Reason#TIMEOUT}, {@link Reason#LIMIT} or {@link Reason#TOOL_FAILURE} when it
     *     cannot start
     */
    static Result run(List<String> command, Path workDir, Path scratch, Duration timeout, long maxOutputBytes,
            Map<Path, String> scrub) {
        Path home = scratch.resolve("home");
        Path tmp = scratch.resolve("tmp");
        Path out = scratch.resolve("stdout");
        Path err = scratch.resolve("stderr");
        Process process;
        try {
            Files.createDirectories(home);
            Files.createDirectories(tmp);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
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
            process = builder.start();
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, "cannot start " + Path.of(command.get(0)).getFileName()
                    + ": " + scrubText(String.valueOf(e.getMessage()), scrub), null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (Files.size(out) > maxOutputBytes) {
                    killTree(process);
                    throw new RenderException(Reason.LIMIT, Path.of(command.get(0)).getFileName()
                            + " output too large: over " + maxOutputBytes + " bytes", null);
                }
                if (System.nanoTime() > deadline) {
                    killTree(process);
                    throw new RenderException(Reason.TIMEOUT, Path.of(command.get(0)).getFileName()
                            + " did not finish within " + timeout.toSeconds() + " s", null);
                }
            }
            if (Files.size(out) > maxOutputBytes) {
                throw new RenderException(Reason.LIMIT, Path.of(command.get(0)).getFileName()
                        + " output too large: over " + maxOutputBytes + " bytes", null);
            }
            String stderr = scrubText(Files.readString(err, StandardCharsets.UTF_8), scrub);
            return new Result(process.exitValue(), Files.readAllBytes(out), stderr);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new RenderException(Reason.TIMEOUT, "interrupted while running "
                    + Path.of(command.get(0)).getFileName(), null);
        } catch (IOException e) {
            killTree(process);
            throw new RenderException(Reason.TOOL_FAILURE, "cannot read the output of "
                    + Path.of(command.get(0)).getFileName(), null);
        }
    }

    /** Kills the process and every descendant, children first, and waits briefly for them. */
    static void killTree(Process process) {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
