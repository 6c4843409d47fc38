package io.gitops4j.core.render;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.render.AutoOptions;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import java.util.Optional;

/**
 * Resolves {@link RenderSpec#AUTO} to a renderer from the files at the render path, as Argo CD and Flux users expect
 * (the rules are on {@link AutoOptions}): {@code Chart.yaml} → {@code helm}; a kustomization → {@code kustomize}; a
 * directory below holding a kustomization → {@code kustomize}, which then builds the path as Flux does ({@link
 * GeneratedKustomization}); otherwise {@code plain}. A path that is a file, or does not exist, resolves to {@code
 * plain} (which renders the file, or reports the missing path).
 *
 * <p>A pure function of the snapshot's files and the spec, so the engine resolves it on every pass; the result names
 * the chosen renderer, which keys the render cache. Stateless and thread-safe.
 */
public final class RendererDetection {
    private RendererDetection() {}

    /**
     * @param spec the spec, its path relative to the snapshot root
     * @param releaseName the Helm release name when a chart is found and {@link AutoOptions#helm()} is empty (the
     *     engine passes the Application's name)
     * @return {@code spec} itself unless it is {@code auto}; else a copy with the chosen renderer and its options
     *     (path and substitution kept)
     * @throws RenderException when a chart is found but {@code releaseName} is not a valid release name
     */
    public static RenderSpec resolve(Snapshot snapshot, RenderSpec spec, String releaseName) {
        if (!spec.isAuto()) {
            return spec;
        }
        AutoOptions options = spec.options(AutoOptions.class);
        return switch (detect(snapshot, spec.path())) {
            case RenderSpec.HELM -> spec.withRenderer(RenderSpec.HELM, options.helm().orElseGet(() -> release(
                    spec.path(), releaseName)));
            case RenderSpec.KUSTOMIZE -> spec.withRenderer(RenderSpec.KUSTOMIZE, options.kustomize());
            default -> spec.withRenderer(RenderSpec.PLAIN, options.plain());
        };
    }

    /** @return {@code helm}, {@code kustomize} or {@code plain} for the directory at {@code path} */
    public static String detect(Snapshot snapshot, String path) {
        Optional<FileEntry> self = path.isEmpty() ? Optional.empty() : snapshot.stat(path);
        if (!path.isEmpty() && (self.isEmpty() || self.get().type() != FileEntry.Type.DIRECTORY)) {
            return RenderSpec.PLAIN;
        }
        Optional<FileEntry> chart = snapshot.stat(SnapshotPaths.resolve(path, "Chart.yaml"));
        if (chart.isPresent() && chart.get().type() != FileEntry.Type.DIRECTORY) {
            return RenderSpec.HELM;
        }
        if (KustomizationScanner.kustomizationFile(snapshot, path).isPresent()
                || GeneratedKustomization.kustomizationBelow(snapshot, path)) {
            return RenderSpec.KUSTOMIZE;
        }
        return RenderSpec.PLAIN;
    }

    private static HelmOptions release(String path, String releaseName) {
        try {
            return HelmOptions.release(releaseName);
        } catch (InvalidSpecException e) {
            throw new RenderException(Reason.INVALID_INPUT, path, 0, "a Helm chart was detected, but the "
                    + "Application's name is not a valid release name (a DNS-1123 label of at most 53 characters); "
                    + "give the release name in AutoOptions.helm", null);
        }
    }
}
