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
import io.gitops4j.core.source.SnapshotWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kustomize} renderer: runs the real kustomize ({@link KustomizeTool}) on the files the render needs,
 * written into a fresh private directory, and reads its output with the same safe loader as plain YAML.
 *
 * <p>How a repository is kept from reaching the host (RD-08, RD-24 to RD-26; {@code docs/security.md}):
 *
 * <ol>
 *   <li>{@link KustomizationScanner} reads every kustomization, component and plugin config the render reaches,
 *       the way kustomize reads them, and refuses any entry that would read outside the repository or fetch from a
 *       place the allow-list does not name, external plugins and unknown builtin kinds;
 *   <li>only the files it found are written to disk ({@link Snapshot#materialize(java.util.Collection, long)}, at
 *       most {@link YamlLimits#maxTotalBytes()}), so a path the scan did not see does not exist for kustomize, and
 *       the tree on disk holds no links;
 *   <li>kustomize runs with its load restrictor on ({@code LoadRestrictionsRootOnly}: every file a kustomization
 *       or its plugins read must lie in that kustomization's directory, absolute paths included) unless a
 *       kustomization reads a file outside its own directory (the layout a Console writes); only then is {@code
 *       LoadRestrictionsNone} used, and the scan of step 1 is what confines it, which is why such a tree may not
 *       use remote bases, whose content is not scanned;
 *   <li>plugins are never enabled ({@code --enable-alpha-plugins} and {@code --enable-exec} are never passed);
 *       {@code --enable-helm} only when {@link KustomizeOptions#enableHelm()};
 *   <li>the child gets no credentials and can fetch nothing the allow-list does not permit ({@link
 *       KustomizeRemote#fetchEnvironment}), runs under memory and CPU limits with its output and error text capped
 *       while it writes, and is killed with its process group at the timeout ({@link ToolProcess}, {@link
 *       ToolLimits}); error text carries repo-relative paths only.
 * </ol>
 *
 * <p>A render path without a kustomization is built as Flux's kustomize-controller builds it: from a kustomization
 * listing the path's YAML files and its kustomization directories ({@link GeneratedKustomization}), written into the
 * render path of the private tree, so everything it lists lies below it; each listed kustomization is scanned as
 * above.
 *
 * <p>Overrides from {@link KustomizeOptions} are applied by an overlay kustomization written in a private directory
 * around the render path ({@link KustomizeOverlay}). The spec's {@link io.gitops4j.api.render.Substitution} is applied
 * to kustomize's output, as Flux does after its build ({@link PostBuildSubstitution}). Thread-safe.
 */
public final class KustomizeRenderer implements Renderer {
    private final KustomizeTool tool;
    private final YamlLimits limits;
    private final ToolLimits toolLimits;
    private final ManifestReader reader;
    private final PostBuildSubstitution substitution;
    private final KustomizationScanner scanner;

    /** @param tool the kustomize to run, with {@link ToolLimits#defaults()} */
    public KustomizeRenderer(KustomizeTool tool, YamlLimits limits) {
        this(tool, limits, ToolLimits.defaults());
    }

    /**
     * @param tool the kustomize to run
     * @param limits budgets for what the render reads (also the most bytes written to disk for one render, and a
     *     second cap on kustomize's output)
     * @param toolLimits memory, CPU time and output caps of the kustomize process
     */
    public KustomizeRenderer(KustomizeTool tool, YamlLimits limits, ToolLimits toolLimits) {
        this.tool = tool;
        this.limits = limits;
        this.toolLimits = toolLimits.withMaxStdoutBytes(Math.min(toolLimits.maxStdoutBytes(),
                limits.maxTotalBytes()));
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
        return "kustomize-" + tool.version() + "+r2";
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
        Path tree = null;
        try {
            boolean generate = KustomizationScanner.kustomizationFile(snapshot, path).isEmpty();
            List<String> listed = generate ? GeneratedKustomization.resources(snapshot, path) : List.of();
            KustomizationScanner.Findings findings = generate ? scanner.scanGenerated(snapshot, path, listed, options)
                    : scanner.scan(snapshot, path, options);
            java.util.Collection<String> files = options.enableHelm() && HelmRenderer.available()   // file:// deps
                    ? ChartDependencies.withLocalDependencies(snapshot, findings.files(), limits) : findings.files();
            tree = snapshot.materialize(files, limits.maxTotalBytes()).toRealPath();
            scratch = Files.createTempDirectory("gitops4j-kustomize-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path base = path.isEmpty() ? tree : tree.resolve(path);
            if (generate) {
                Files.createDirectories(base);
                Files.writeString(base.resolve("kustomization.yaml"), GeneratedKustomization.text(tree, base, listed),
                        StandardCharsets.UTF_8);
            }
            Path target = base;
            if (options.hasOverrides()) {
                Path overlay = Files.createDirectories(scratch.resolve("overlay"));
                Files.writeString(overlay.resolve("kustomization.yaml"), KustomizeOverlay.text(base, overlay, options,
                        limits), StandardCharsets.UTF_8);
                target = overlay;
            }
            List<String> command = new ArrayList<>(tool.prefix());
            command.add(target.toString());
            command.add("--load-restrictor");
            command.add(findings.fileOutsideItsDirectory() ? "LoadRestrictionsNone" : "LoadRestrictionsRootOnly");
            Map<String, String> environment = new LinkedHashMap<>(KustomizeRemote.fetchEnvironment(
                    options.allowedRemoteBases()));
            if (options.enableHelm()) {
                command.add("--enable-helm");
                if (HelmRenderer.available()) {   // helmCharts rendered by gitops4j's Helm (no helm binary needed)
                    command.add("--helm-command");
                    command.add(KustomizeHelmCommand.script().toString());
                    environment.put(KustomizeHelmCommand.ROOT, tree.toString());
                    environment.put(KustomizeHelmCommand.LIBRARY, HelmProcess.libraryCache().toString());
                }
            }
            Map<Path, String> scrub = new LinkedHashMap<>();
            scrub.put(tree, "");
            scrub.put(scratch.resolve("overlay"), "<overrides>");
            scrub.put(scratch, "<scratch>");
            ToolProcess.Result result = ToolProcess.run(new ToolProcess.Invocation(command, scratch, scratch,
                    options.timeout(), toolLimits, environment,
                    scrub));
            if (result.exitCode() != 0) {
                throw new RenderException(Reason.INVALID_INPUT, path, 0, "kustomize failed: "
                        + firstLines(result.stderr()), null);
            }
            String origin = KustomizationScanner.kustomizationFile(snapshot, path).orElse(path);
            return ManifestSet.of(substitution.apply(reader.read(origin, result.stdout()), spec.substitution()));
        } catch (SourceException e) {
            throw new RenderException(e.reason() == SourceException.Reason.LIMIT ? Reason.LIMIT : Reason.POLICY,
                    e.path().orElse(path), 0, e.getMessage(), e);
        } catch (DuplicateResourceException e) {
            throw new RenderException(Reason.INVALID_INPUT, path, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, path, 0, "cannot prepare the kustomize run", null);
        } finally {
            deleteQuietly(scratch);
            deleteQuietly(tree);
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

    /** Deletes a directory tree, best effort; never throws (the Helm renderer uses it too). */
    static void deleteQuietly(Path dir) {
        SnapshotWriter.deleteTree(dir);
    }
}
