package io.gitops4j.core.render;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.DuplicateResourceException;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code kustomize} renderer: runs the real kustomize ({@link KustomizeTool}) on the snapshot materialized into
 * a private directory and reads its output with the same safe loader as plain YAML.
 *
 * <p>Hardening (RD-08, RD-09): the kustomization tree is checked first ({@link KustomizationScanner}: references
 * confined to the repository, remote bases only from allowed prefixes, {@code helmCharts} only when enabled); the
 * load restrictor is kustomize's {@code LoadRestrictionsRootOnly} unless a kustomization references files outside
 * its own directory (the layout a Console writes), in which case {@code LoadRestrictionsNone} is used and the scan
 * is what keeps every reference inside the repository (the materialized tree holds no links); plugins are never
 * enabled ({@code --enable-alpha-plugins} and {@code --enable-exec} are never passed); {@code --enable-helm} only
 * when {@link KustomizeOptions#enableHelm()}; the tool runs with a scrubbed environment, a timeout that kills its
 * process tree, and an output cap; error text carries repo-relative paths only.
 *
 * <p>A render path without a kustomization is built as Flux's kustomize-controller builds it: from a kustomization
 * generated in a private directory listing the path's YAML files and its kustomization directories ({@link
 * GeneratedKustomization}); each listed kustomization is scanned as above.
 *
 * <p>Overrides from {@link KustomizeOptions} are applied by an overlay kustomization written in a private directory
 * around the render path ({@link KustomizeOverlay}). The spec's {@link io.gitops4j.api.render.Substitution} is applied
 * to kustomize's output, as Flux does after its build ({@link PostBuildSubstitution}). Thread-safe.
 */
public final class KustomizeRenderer implements Renderer {
    private final KustomizeTool tool;
    private final YamlLimits limits;
    private final ManifestReader reader;
    private final PostBuildSubstitution substitution;
    private final KustomizationScanner scanner;

    /** @param tool the kustomize to run */
    public KustomizeRenderer(KustomizeTool tool, YamlLimits limits) {
        this.tool = tool;
        this.limits = limits;
        this.reader = new ManifestReader(limits);
        this.substitution = new PostBuildSubstitution(limits);
        this.scanner = new KustomizationScanner(limits);
    }

    /** @return a renderer running the kustomize found by {@link KustomizeTool#detect()} */
    public static KustomizeRenderer detect() {
        return new KustomizeRenderer(KustomizeTool.detect(), YamlLimits.defaults());
    }

    @Override
    public String name() {
        return RenderSpec.KUSTOMIZE;
    }

    /** @return {@code kustomize-} and the tool's version */
    @Override
    public String version() {
        return "kustomize-" + tool.version() + "+r1";
    }

    /** @return the tool this renderer runs */
    public KustomizeTool tool() {
        return tool;
    }

    @Override
    public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
        KustomizeOptions options = spec.options(KustomizeOptions.class);
        String path = spec.path();
        Path scratch = null;
        try {
            boolean generate = KustomizationScanner.kustomizationFile(snapshot, path).isEmpty();
            List<String> listed = generate ? GeneratedKustomization.resources(snapshot, path) : List.of();
            List<String> kustomizations = !generate ? List.of(path) : listed.stream()
                    .filter(entry -> KustomizationScanner.kustomizationFile(snapshot, entry).isPresent()).toList();
            boolean outside = generate;   // a generated kustomization lives outside the tree
            for (String directory : kustomizations) {
                outside |= scanner.scan(snapshot, directory, options).referencesOutsideOwnDirectory();
            }
            Path root = snapshot.materialize().toRealPath();
            scratch = Files.createTempDirectory("gitops4j-kustomize-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path base = path.isEmpty() ? root : root.resolve(path);
            if (generate) {
                base = Files.createDirectories(scratch.resolve("generated"));
                Files.writeString(base.resolve("kustomization.yaml"), GeneratedKustomization.text(root, base, listed),
                        StandardCharsets.UTF_8);
            }
            Path target = base;
            if (options.hasOverrides()) {
                Path overlay = Files.createDirectories(scratch.resolve("overlay"));
                Files.writeString(overlay.resolve("kustomization.yaml"), KustomizeOverlay.text(base, overlay, options, limits),
                        StandardCharsets.UTF_8);
                target = overlay;
                outside = true;
            }
            List<String> command = new ArrayList<>(tool.prefix());
            command.add(target.toString());
            command.add("--load-restrictor");
            command.add(outside ? "LoadRestrictionsNone" : "LoadRestrictionsRootOnly");
            if (options.enableHelm()) {
                command.add("--enable-helm");
            }
            Map<Path, String> scrub = new LinkedHashMap<>();
            scrub.put(root, "");
            scrub.put(scratch.resolve("overlay"), "<overrides>");
            scrub.put(scratch.resolve("generated"), "<generated kustomization of " + (path.isEmpty() ? "." : path)
                    + ">");
            scrub.put(scratch, "<scratch>");
            ToolProcess.Result result = ToolProcess.run(new ToolProcess.Invocation(command, scratch, scratch,
                    options.timeout(), ToolLimits.defaults().withMaxStdoutBytes(limits.maxTotalBytes()), Map.of(),
                    scrub));
            if (result.exitCode() != 0) {
                throw new RenderException(Reason.INVALID_INPUT, path, 0, "kustomize failed: "
                        + firstLines(result.stderr()), null);
            }
            String origin = KustomizationScanner.kustomizationFile(snapshot, path).orElse(path);
            return ManifestSet.of(substitution.apply(reader.read(origin, result.stdout()), spec.substitution()));
        } catch (SourceException e) {
            throw new RenderException(Reason.POLICY, e.path().orElse(path), 0, e.getMessage(), e);
        } catch (DuplicateResourceException e) {
            throw new RenderException(Reason.INVALID_INPUT, path, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, path, 0, "cannot prepare the kustomize run", null);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static final java.util.regex.Pattern KLOG = java.util.regex.Pattern.compile(
            "(?m)^[EWIF]\\d{4} [0-9:.]+\\s+\\d+ \\S+\\] \"command failed\" err=\"(.*)\"$");

    private static String firstLines(String stderr) {
        String s = stderr.strip();
        java.util.regex.Matcher klog = KLOG.matcher(s);
        if (klog.find()) {
            s = klog.group(1).replace("\\\"", "\"");
        }
        if (s.startsWith("Error: ")) {
            s = s.substring("Error: ".length());
        } else if (s.startsWith("error: ")) {
            s = s.substring("error: ".length());
        }
        return s.isEmpty() ? "exit status non-zero without a message" : s;
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover private temp directory holds no secret of ours
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
