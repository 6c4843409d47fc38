package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import io.gitops4j.api.source.SnapshotPaths;

/**
 * How to render an Application: which renderer, which directory of the snapshot, which options, and the post-build
 * variable substitution applied to whatever the renderer produced.
 *
 * @param renderer the renderer's {@link Renderer#name()}, such as {@code plain}, {@code kustomize}, {@code helm}, or
 *     {@link #AUTO} to choose one from the files at the path on every pass (options {@link AutoOptions})
 * @param path directory relative to the Application's source path ({@code ""} for the source path itself); when
 *     handed to a {@link Renderer} it is relative to the snapshot root
 * @param options the renderer's options record
 * @param substitution variables substituted into the rendered objects, {@link Substitution#none()} for none
 */
public record RenderSpec(String renderer, String path, RenderOptions options, Substitution substitution) {
    /** Names of the built-in renderers. */
    public static final String PLAIN = "plain";
    /** @see #PLAIN */
    public static final String KUSTOMIZE = "kustomize";
    /** @see #PLAIN */
    public static final String HELM = "helm";
    /**
     * Not a renderer: the engine (and the command line) resolve it per pass from the files at the path ({@code
     * Chart.yaml} → Helm, a kustomization → Kustomize, else plain YAML, or Kustomize when a subdirectory holds a
     * kustomization); see {@link AutoOptions}.
     */
    public static final String AUTO = "auto";

    /** Normalizes the path; it must stay inside the snapshot. */
    public RenderSpec {
        Checks.notBlank(renderer, "renderer");
        path = SnapshotPaths.normalize(Checks.notNull(path, "path"));
        Checks.notNull(options, "options");
        Checks.notNull(substitution, "substitution");
    }

    /** A spec without substitution. */
    public RenderSpec(String renderer, String path, RenderOptions options) {
        this(renderer, path, options, Substitution.none());
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

    /** @return the renderer chosen from the files at the source path on every pass, with default options */
    public static RenderSpec auto() {
        return new RenderSpec(AUTO, "", AutoOptions.defaults());
    }

    /** @return true when the renderer is chosen per pass ({@link #AUTO}) */
    public boolean isAuto() {
        return renderer.equals(AUTO);
    }

    /** @return a copy with these options */
    public RenderSpec withOptions(RenderOptions newOptions) {
        return new RenderSpec(renderer, path, newOptions, substitution);
    }

    /** @return a copy with this path */
    public RenderSpec withPath(String newPath) {
        return new RenderSpec(renderer, newPath, options, substitution);
    }

    /** @return a copy with this renderer and its options (what {@link #AUTO} resolved to) */
    public RenderSpec withRenderer(String newRenderer, RenderOptions newOptions) {
        return new RenderSpec(newRenderer, path, newOptions, substitution);
    }

    /** @return a copy substituting these variables into the rendered objects */
    public RenderSpec withSubstitution(Substitution newSubstitution) {
        return new RenderSpec(renderer, path, options, newSubstitution);
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
