package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.core.render.helm.HelmChildMain;
import io.gitops4j.core.render.helm.HelmTemplateRequest;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Runs {@code helm template} in child JVMs ({@link HelmChildMain}) instead of in this process (RD-14): helm-java runs
 * Helm's Go code through JNA, where a thread cannot be stopped and memory is outside {@code -Xmx}. Each child ({@link
 * HelmChild}) is started the hardened way: a scrubbed environment (no kubeconfig, an empty private {@code HOME}, no
 * {@code KUBERNETES_*} or {@code HELM_*} variables), operating-system limits on memory ({@code RLIMIT_DATA}, which
 * counts the Java heap and Go's heap alike) and CPU time, a process group of its own killed on timeout, and capped
 * output. The child renders against a Kubernetes API of its own that answers "not found" to everything, so {@code
 * lookup} is empty and no request reaches a cluster, whatever the template text.
 *
 * <p>Children are kept warm between renders (at most {@value #MAX_IDLE} idle ones per JVM, shared by every renderer
 * with the same limits), because starting a JVM and
 * loading Helm's native library costs about a second and a half per render; a child is retired after {@code 100}
 * renders or half its CPU-time limit, never reused after a timeout or a limit, and ends by itself after {@value
 * #IDLE_SECONDS} s without a request or when this JVM goes away (its standard input closes). The native Helm library
 * is copied out of its jar once per JVM into a private directory shared by the children. Thread-safe.
 */
final class HelmProcess {
    private static final String MAIN = HelmChildMain.class.getName();
    private static final int MAX_IDLE = 2;
    private static final int IDLE_SECONDS = 60;
    /** The child JVM's fatal error report, in its private directory ({@code -XX:ErrorFile}). */
    static final String JVM_ERROR_FILE = "hs_err.log";
    private static volatile String classPath;
    private static volatile Path libraryCache;

    /** Idle children of this JVM, shared by every renderer (each child serves renders of its own limits only). */
    private static final Deque<HelmChild> IDLE = new ArrayDeque<>();

    private final HelmLimits limits;

    /** @param limits the limits of each child */
    HelmProcess(HelmLimits limits) {
        this.limits = limits;
    }

    /**
     * Renders the chart {@code renders} times in one child process.
     *
     * @param scratch the render's private directory, for the request file
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
        HelmChild child = take();
        boolean reuse = false;
        try {
            List<String> outputs = child.render(requestFile, request.renders(), timeout, scrub);
            reuse = true;
            return outputs;
        } catch (RenderException e) {
            reuse = e.reason() == Reason.INVALID_INPUT;
            throw e;
        } finally {
            if (reuse && child.reusable()) {
                giveBack(child);
            } else {
                child.close();
            }
        }
    }

    private HelmChild take() {
        synchronized (IDLE) {
            for (var it = IDLE.iterator(); it.hasNext(); ) {
                HelmChild child = it.next();
                if (!child.reusable()) {
                    it.remove();
                    child.close();
                } else if (child.limits().equals(limits)) {
                    it.remove();
                    return child;
                }
            }
        }
        return HelmChild.start(this::command, limits);
    }

    private static void giveBack(HelmChild child) {
        HelmChild evicted = null;
        synchronized (IDLE) {
            IDLE.push(child);
            if (IDLE.size() > MAX_IDLE) {
                evicted = IDLE.removeLast();
            }
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    private List<String> command(Path scratch) {
        ToolLimits process = limits.process();
        long heap = Math.max(64L << 20, Math.min(process.maxMemoryBytes() / 2, process.maxStdoutBytes() * 3));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (heap >> 20) + "m", "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=96m", "-XX:-UsePerfData", "-Xshare:auto",
                "-XX:ErrorFile=" + scratch.resolve(JVM_ERROR_FILE), "-Djava.io.tmpdir=" + scratch.resolve("tmp"),
                "-Djna.tmpdir=" + scratch.resolve("tmp"), "-Dfile.encoding=UTF-8", "-cp", classPath(), MAIN,
                "--serve", libraryCache().toString(),
                Integer.toString(IDLE_SECONDS));
    }

    /**
     * @return the private directory (created once per JVM, owner-only) holding the native Helm library copy; in the
     *     {@code helm} command kustomize runs, the parent's ({@link KustomizeHelmCommand#LIBRARY})
     */
    static Path libraryCache() {
        Path dir = libraryCache;
        String shared = System.getenv(KustomizeHelmCommand.LIBRARY);
        if (dir == null && shared != null && Files.isDirectory(Path.of(shared))) {
            libraryCache = Path.of(shared);
            return libraryCache;
        }
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
