package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.core.render.helm.HelmChildMain;
import io.gitops4j.core.render.helm.HelmTemplateRequest;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Runs {@code helm template} in a child JVM ({@link HelmChildMain}) instead of in this process (RD-14): helm-java
 * runs Helm's Go code through JNA, where a thread cannot be stopped and memory is outside {@code -Xmx}. The child is
 * started through {@link ToolProcess}: a scrubbed environment (no kubeconfig, an empty private {@code HOME}, no
 * {@code KUBERNETES_*} or {@code HELM_*} variables), operating-system limits on memory ({@code RLIMIT_DATA}, which
 * counts the Java heap and Go's heap alike) and CPU time, a process group of its own killed on timeout, and capped
 * output. The child renders against a Kubernetes API of its own that answers "not found" to everything, so {@code
 * lookup} is empty and no request reaches a cluster, whatever the template text.
 *
 * <p>The native Helm library is copied out of its jar once per JVM into a private directory shared by the children.
 * Thread-safe; each {@link #render} starts and ends its own child.
 */
final class HelmProcess {
    private static final String MAIN = HelmChildMain.class.getName();
    private static volatile String classPath;
    private static volatile Path libraryCache;

    private final HelmLimits limits;

    /** @param limits the limits of each child */
    HelmProcess(HelmLimits limits) {
        this.limits = limits;
    }

    /**
     * Renders the chart {@code renders} times in one child process.
     *
     * @param scratch a private, empty directory for the child's files; deleted by the caller
     * @param scrub host paths to replace in Helm's messages
     * @return each render's output
     * @throws RenderException {@link Reason#INVALID_INPUT} when Helm refuses the chart, {@link Reason#TIMEOUT},
     *     {@link Reason#LIMIT} when a memory, CPU or output limit stopped it, {@link Reason#TOOL_FAILURE} otherwise
     */
    List<String> render(HelmTemplateRequest request, Path scratch, Duration timeout, Map<Path, String> scrub) {
        Path requestFile = scratch.resolve("request.properties");
        try {
            request.write(requestFile);
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, "cannot prepare the helm run", null);
        }
        ToolProcess.Result result;
        try {
            result = ToolProcess.run(new ToolProcess.Invocation(command(requestFile, scratch), scratch, scratch,
                    timeout, limits.process(), Map.of(), scrub));
        } catch (RenderException e) {
            throw e.reason() == Reason.TIMEOUT
                    ? new RenderException(Reason.TIMEOUT, "helm template did not finish within "
                            + timeout.toSeconds() + " s; the helm process was stopped", null)
                    : new RenderException(e.reason(), e.getMessage().replaceFirst("^java ", "the helm process "),
                            null);
        }
        if (result.exitCode() == 0) {
            return outputs(result.stdout(), request.renders());
        }
        String message = lastError(result.stderr());
        if (result.exitCode() == HelmChildMain.CHART_ERROR && message != null) {
            throw new RenderException(Reason.INVALID_INPUT, "helm template failed: " + message, null);
        }
        if (result.exitCode() == HelmChildMain.SETUP_ERROR && message != null) {
            throw new RenderException(Reason.TOOL_FAILURE, "the helm child process could not run: " + message, null);
        }
        if (outOfMemory(result.stderr())) {
            throw new RenderException(Reason.LIMIT, "the helm process ran out of its memory limit of "
                    + (limits.process().maxMemoryBytes() >> 20) + " MiB", null);
        }
        throw new RenderException(Reason.TOOL_FAILURE, "the helm child process ended with exit code "
                + result.exitCode(), null);
    }

    private List<String> command(Path requestFile, Path scratch) {
        ToolLimits process = limits.process();
        long heap = Math.max(64L << 20, Math.min(process.maxMemoryBytes() / 2, process.maxStdoutBytes() * 3));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (heap >> 20) + "m", "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=96m", "-XX:-UsePerfData", "-Xshare:auto",
                "-XX:ErrorFile=" + scratch.resolve("hs_err.log"), "-Djava.io.tmpdir=" + scratch.resolve("tmp"),
                "-Djna.tmpdir=" + scratch.resolve("tmp"), "-Dfile.encoding=UTF-8",
                "-cp", classPath(), MAIN, requestFile.toString());
    }

    /**
     * Under {@code RLIMIT_DATA} a Go program out of memory fails in one of several ways: the allocator's "out of
     * memory", or a new thread whose stack cannot be mapped ({@code pthread_create failed: Resource temporarily
     * unavailable}); the JVM says "insufficient memory" or "OutOfMemoryError".
     */
    private static boolean outOfMemory(String stderr) {
        String text = stderr.toLowerCase(java.util.Locale.ROOT);
        return text.contains("out of memory") || text.contains("outofmemoryerror")
                || text.contains("cannot allocate memory") || text.contains("insufficient memory")
                || (text.contains("pthread_create failed") && text.contains("resource temporarily unavailable"));
    }

    private static String lastError(String stderr) {
        int at = stderr.lastIndexOf(HelmChildMain.ERROR_PREFIX);
        if (at < 0) {
            return null;
        }
        String line = stderr.substring(at + HelmChildMain.ERROR_PREFIX.length()).strip();
        // helm-java's hint names a flag of the helm CLI, which has no meaning here
        return line.replace("\\n", "\n").replace("Use --debug flag to render out invalid YAML", "").strip();
    }

    /** Splits the child's standard output by its header line ({@link HelmChildMain}'s protocol). */
    private static List<String> outputs(byte[] stdout, int renders) {
        int newline = 0;
        while (newline < stdout.length && newline < 256 && stdout[newline] != '\n') {
            newline++;
        }
        String[] header = new String(stdout, 0, Math.min(newline, stdout.length), StandardCharsets.US_ASCII)
                .split(" ");
        if (newline >= stdout.length || !header[0].equals(HelmChildMain.HEADER) || header.length != renders + 1) {
            throw new RenderException(Reason.TOOL_FAILURE, "the helm child process answered in an unknown form", null);
        }
        List<String> out = new ArrayList<>();
        int offset = newline + 1;
        for (int i = 1; i <= renders; i++) {
            int length = Integer.parseInt(header[i]);
            if (length < 0 || offset + length > stdout.length) {
                throw new RenderException(Reason.TOOL_FAILURE, "the helm child process answered in an unknown form",
                        null);
            }
            out.add(new String(stdout, offset, length, StandardCharsets.UTF_8));
            offset += length;
        }
        return out;
    }

    /** @return the private directory (created once per JVM, owner-only) holding the native Helm library copy */
    static Path libraryCache() {
        Path dir = libraryCache;
        if (dir == null) {
            synchronized (HelmProcess.class) {
                dir = libraryCache;
                if (dir == null) {
                    try {
                        dir = Files.createTempDirectory("gitops4j-helm-lib-",
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    } catch (IOException e) {
                        throw new RenderException(Reason.TOOL_FAILURE, "cannot create the helm library directory",
                                null);
                    }
                    Path created = dir;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> KustomizeRenderer.deleteQuietly(created),
                            "gitops4j-helm-lib-cleanup"));
                    libraryCache = dir;
                }
            }
        }
        return dir;
    }

    /**
     * The child's class path: the locations of this library, helm-java, its platform jar and JNA when each is a
     * plain file or directory; else (a nested jar of a fat-jar application) this JVM's own class path.
     */
    static String classPath() {
        String cp = classPath;
        if (cp == null) {
            Set<String> entries = new LinkedHashSet<>();
            ClassLoader loader = HelmProcess.class.getClassLoader();
            List<String> names = List.of(MAIN, "com.marcnuri.helm.Helm", "com.marcnuri.helm.jni.HelmLib",
                    "com.sun.jna.Native");
            boolean plain = true;
            try {
                for (String name : names) {
                    plain &= add(entries, Class.forName(name, false, loader).getProtectionDomain().getCodeSource());
                }
                Class<?> nativeLibrary = Class.forName("com.marcnuri.helm.jni.NativeLibrary", false, loader);
                for (ServiceLoader.Provider<?> p : ServiceLoader.load(nativeLibrary, loader).stream().toList()) {
                    plain &= add(entries, p.type().getProtectionDomain().getCodeSource());
                }
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                plain = false;
            }
            cp = plain ? String.join(File.pathSeparator, entries) : System.getProperty("java.class.path");
            classPath = cp;
        }
        return cp;
    }

    private static boolean add(Set<String> entries, CodeSource source) {
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return false;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            entries.add(path.toString());
            return Files.exists(path);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }
}
