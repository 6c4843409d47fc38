package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kustomize executable to run: a {@code kustomize} binary ({@code kustomize build DIR}) or kubectl's embedded
 * one ({@code kubectl kustomize DIR}). Immutable.
 *
 * @param prefix the command before the directory argument
 * @param version the kustomize version, such as {@code v5.5.0}
 */
public record KustomizeTool(List<String> prefix, String version) {
    private static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+[^\"\\s]*");

    /** Copies the prefix. */
    public KustomizeTool {
        prefix = List.copyOf(prefix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("the kustomize command must not be empty");
        }
    }

    /**
     * Finds kustomize: a {@code kustomize} binary on the PATH when present, else {@code kubectl kustomize}.
     *
     * @throws RenderException {@link Reason#TOOL_FAILURE} when neither is found
     */
    public static KustomizeTool detect() {
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            return kustomizeBinary(kustomize.get());
        }
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return kubectl(kubectl.get());
        }
        throw new RenderException(Reason.TOOL_FAILURE, "neither kustomize nor kubectl was found on the PATH", null);
    }

    /** @return {@code BINARY build}, its version read from {@code BINARY version} */
    public static KustomizeTool kustomizeBinary(Path binary) {
        String v = firstVersion(probe(List.of(binary.toString(), "version")));
        return new KustomizeTool(List.of(binary.toString(), "build"), v);
    }

    /** @return {@code KUBECTL kustomize}, its version read from {@code KUBECTL version --client -o json} */
    public static KustomizeTool kubectl(Path kubectl) {
        String out = probe(List.of(kubectl.toString(), "version", "--client", "-o", "json"));
        Matcher m = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"([^\"]+)\"").matcher(out);
        return new KustomizeTool(List.of(kubectl.toString(), "kustomize"), m.find() ? m.group(1) : "unknown");
    }

    /** @return the first executable with this name on the PATH */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String firstVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? m.group() : "unknown";
    }

    private static String probe(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
