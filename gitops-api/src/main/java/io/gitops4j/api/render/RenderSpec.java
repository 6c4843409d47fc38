package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import io.gitops4j.api.source.SnapshotPaths;

/**
 * How to render an Application: which renderer, which directory of the snapshot, which options.
 *
 * @param renderer the renderer's {@link Renderer#name()}, such as {@code plain}, {@code kustomize}, {@code helm}
 * @param path directory relative to the Application's source path ({@code ""} for the source path itself); when
 *     handed to a {@link Renderer} it is relative to the snapshot root
 * @param options the renderer's options record
 */
public record RenderSpec(String renderer, String path, RenderOptions options) {
    /** Names of the built-in renderers. */
    public static final String PLAIN = "plain";
    /** @see #PLAIN */
    public static final String KUSTOMIZE = "kustomize";
    /** @see #PLAIN */
    public static final String HELM = "helm";

    /** Normalizes the path; it must stay inside the snapshot. */
    public RenderSpec {
        Checks.notBlank(renderer, "renderer");
        path = SnapshotPaths.normalize(Checks.notNull(path, "path"));
        Checks.notNull(options, "options");
    }

    /** @return plain YAML with default options at the source path */
    public static RenderSpec plainYaml() {
        return new RenderSpec(PLAIN, "", PlainYamlOptions.defaults());
    }

    /** @return Kustomize with default options at the source path */
    public static RenderSpec kustomize() {
        return new RenderSpec(KUSTOMIZE, "", KustomizeOptions.defaults());
    }

    /** @return Helm for the chart at the source path */
    public static RenderSpec helm(HelmOptions options) {
        return new RenderSpec(HELM, "", options);
    }

    /** @return a copy with these options */
    public RenderSpec withOptions(RenderOptions newOptions) {
        return new RenderSpec(renderer, path, newOptions);
    }

    /** @return a copy with this path */
    public RenderSpec withPath(String newPath) {
        return new RenderSpec(renderer, newPath, options);
    }

    /**
     * @return the options as the given record type
     * @throws RenderException when the options are of another type
     */
    public <T extends RenderOptions> T options(Class<T> type) {
        if (!type.isInstance(options)) {
            throw new RenderException("renderer '" + renderer + "' needs " + type.getSimpleName() + " but got "
                    + options.getClass().getSimpleName(), null);
        }
        return type.cast(options);
    }
}
