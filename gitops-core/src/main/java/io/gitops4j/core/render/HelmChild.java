package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.core.render.helm.HelmChildMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One warm Helm child process ({@link HelmChildMain} in serve mode), started the hardened way ({@link
 * ToolProcess#builder}: scrubbed environment, OS limits, a process group of its own) and fed one request at a time.
 * A render past its timeout kills the whole process group; a child that died (a memory or CPU limit) is reported and
 * never reused. Not thread-safe: {@link HelmProcess} hands a child to one render at a time.
 */
final class HelmChild implements AutoCloseable {
    private static final int MAX_RENDERS = 100;
    private static final long MAX_STDERR = 1 << 20;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gitops4j-helm-reader");
        t.setDaemon(true);
        return t;
    });

    private final Process process;
    private final Path scratch;
    private final HelmLimits limits;
    private final OutputStream stdin;
    private final InputStream stdout;
    private int renders;

    private HelmChild(Process process, Path scratch, HelmLimits limits) {
        this.process = process;
        this.scratch = scratch;
        this.limits = limits;
        this.stdin = process.getOutputStream();
        this.stdout = process.getInputStream();
    }

    /**
     * Starts a child.
     *
     * @param command the JVM and its arguments, given the child's private directory
     */
    static HelmChild start(Function<Path, List<String>> command, HelmLimits limits) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("gitops4j-helm-child-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ProcessBuilder builder = ToolProcess.builder(new ToolProcess.Invocation(command.apply(scratch), scratch,
                    scratch,
                    Duration.ofDays(1), limits.process(), Map.of(), Map.of()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(scratch.resolve("stderr").toFile());
            return new HelmChild(builder.start(), scratch, limits);
        } catch (IOException e) {
            KustomizeRenderer.deleteQuietly(scratch);
            throw new RenderException(Reason.TOOL_FAILURE, "cannot start the helm child process", null);
        }
    }

    /**
     * @return each render's output
     * @throws RenderException {@link Reason#INVALID_INPUT} when Helm refuses the chart (the child stays usable);
     *     {@link Reason#TIMEOUT}, {@link Reason#LIMIT} or {@link Reason#TOOL_FAILURE} otherwise (the child is gone)
     */
    List<String> render(Path requestFile, int count, Duration timeout, Map<Path, String> scrub) {
        renders++;
        Future<List<byte[]>> answer = READERS.submit(() -> exchange(requestFile, count));
        List<byte[]> frames;
        try {
            frames = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new RenderException(Reason.TIMEOUT, "helm template did not finish within " + timeout.toSeconds()
                    + " s; the helm process was stopped", null);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new RenderException(Reason.TIMEOUT, "interrupted while rendering the chart", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RenderException refused && refused.reason() == Reason.INVALID_INPUT) {
                throw new RenderException(Reason.INVALID_INPUT, "helm template failed: "
                        + ToolProcess.scrubText(refused.getMessage(), scrub), null);
            }
            if (e.getCause() instanceof RenderException limit) {
                close();
                throw limit;
            }
            throw died();
        }
        List<String> out = new ArrayList<>();
        frames.forEach(f -> out.add(new String(f, StandardCharsets.UTF_8)));
        return out;
    }

    /** Sends one request and reads its frame; a refused chart comes back as an INVALID_INPUT exception. */
    private List<byte[]> exchange(Path requestFile, int count) throws IOException {
        stdin.write((requestFile + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String[] header = headerLine().split(" ");
        boolean refused = header[0].equals(HelmChildMain.ERROR_HEADER);
        if (!refused && !header[0].equals(HelmChildMain.HEADER) || header.length != (refused ? 2 : count + 1)) {
            throw new IOException("unknown answer");
        }
        long total = 0;
        List<byte[]> frames = new ArrayList<>();
        for (int i = 1; i < header.length; i++) {
            long length = Long.parseLong(header[i]);
            total += length;
            if (length < 0 || total > limits.process().maxStdoutBytes()) {
                throw new RenderException(Reason.LIMIT, "helm output too large: over "
                        + limits.process().maxStdoutBytes() + " bytes", null);
            }
            byte[] frame = stdout.readNBytes((int) length);
            if (frame.length != length) {
                throw new IOException("the child ended mid-answer");
            }
            frames.add(frame);
        }
        if (refused) {
            String message = new String(frames.get(0), StandardCharsets.UTF_8)
                    .replace("Use --debug flag to render out invalid YAML", "").strip();
            throw new RenderException(Reason.INVALID_INPUT, message, null);
        }
        return frames;
    }

    private String headerLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdout.read()) != '\n') {
            if (b < 0 || line.size() > 256) {
                throw new IOException("no answer");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /**
     * @return the error for a child that died: a memory or CPU limit stopped it, or it failed. Either runtime of the
     *     child may be the one that meets the memory limit first, which one is a matter of timing: Helm's Go code
     *     says so on standard error ({@code fatal error: ... out of memory}, a failed {@code pthread_create}), the
     *     JVM says "insufficient memory" on standard output (the protocol channel, where it cannot be read) and in
     *     its error file, with only an {@code os::commit_memory ... errno=12} warning on standard error.
     */
    private RenderException died() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String stderr = tail(scratch.resolve("stderr")).toLowerCase(Locale.ROOT);
        String jvmError = head(scratch.resolve(HelmProcess.JVM_ERROR_FILE)).toLowerCase(Locale.ROOT);
        int exit = process.isAlive() ? -1 : process.exitValue();
        close();
        if (stderr.contains("out of memory") || stderr.contains("outofmemoryerror")
                || stderr.contains("cannot allocate memory") || stderr.contains("insufficient memory")
                || (stderr.contains("os::commit_memory") && stderr.contains("errno=12"))
                || jvmError.contains("insufficient memory") || jvmError.contains("out of memory")
                || (stderr.contains("pthread_create failed") && stderr.contains("resource temporarily unavailable"))) {
            return new RenderException(Reason.LIMIT, "the helm process ran out of its memory limit of "
                    + (limits.process().maxMemoryBytes() >> 20) + " MiB", null);
        }
        if (exit == 128 + 24 || exit == 128 + 9) {
            return new RenderException(Reason.LIMIT, "the helm process was stopped at its CPU time limit of "
                    + limits.process().cpuSeconds() + " s", null);
        }
        int at = stderr.lastIndexOf(HelmChildMain.ERROR_PREFIX.toLowerCase(Locale.ROOT));
        return new RenderException(Reason.TOOL_FAILURE, at >= 0 ? "the helm child process could not run"
                : "the helm child process ended with exit code " + exit, null);
    }

    /** @return the first 4 KiB of a file (the JVM's error file states its cause on top), "" when unreadable */
    private static String head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, in.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** @return true when the child may take another render: alive, well under its CPU limit and render count */
    boolean reusable() {
        long cpu = process.info().totalCpuDuration().map(Duration::toSeconds).orElse(Long.MAX_VALUE);
        long stderr;
        try {
            stderr = Files.size(scratch.resolve("stderr"));
        } catch (IOException e) {
            stderr = Long.MAX_VALUE;
        }
        return process.isAlive() && renders < MAX_RENDERS && cpu < limits.process().cpuSeconds() / 2
                && stderr < MAX_STDERR;
    }

    /** @return the limits it runs under */
    HelmLimits limits() {
        return limits;
    }

    /** Kills the child's process group and deletes its directory. Idempotent. */
    @Override
    public void close() {
        OsLimits.killGroup(process);
        KustomizeRenderer.deleteQuietly(scratch);
    }
}
