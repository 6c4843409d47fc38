package io.gitops4j.core.render;

import io.gitops4j.api.render.Renderer;

/**
 * The built-in renderers. Each call returns a new, independent, thread-safe instance; custom renderers implement
 * {@link Renderer} directly and are registered next to these.
 */
public final class Renderers {
    private Renderers() {}

    /** @return the {@code plain} renderer with default limits */
    public static Renderer plainYaml() {
        return new PlainYamlRenderer();
    }

    /** @return the {@code plain} renderer with these limits */
    public static Renderer plainYaml(YamlLimits limits) {
        return new PlainYamlRenderer(limits);
    }

    /**
     * @return the {@code kustomize} renderer running a {@code kustomize} binary on the PATH, else {@code kubectl
     *     kustomize}
     * @throws io.gitops4j.api.render.RenderException when neither is installed
     */
    public static Renderer kustomize() {
        return KustomizeRenderer.detect();
    }

    /** @return the {@code kustomize} renderer running this tool */
    public static Renderer kustomize(KustomizeTool tool) {
        return new KustomizeRenderer(tool, YamlLimits.defaults());
    }

    /** @return the {@code helm} renderer (helm-java in a child process) without chart repository credentials */
    public static Renderer helm() {
        return new HelmRenderer();
    }

    /**
     * @return the {@code helm} renderer with chart repository and OCI registry credentials chosen per origin and
     *     per the render's credentials scope
     */
    public static Renderer helm(ChartCredentials credentials) {
        return new HelmRenderer(credentials, YamlLimits.defaults());
    }

    /**
     * @param plainHttpRegistries OCI registry host names reached over plain HTTP (Helm's {@code --plain-http}); all
     *     other registries over HTTPS only
     * @return the {@code helm} renderer with credentials chosen per origin and scope
     */
    public static Renderer helm(ChartCredentials credentials, java.util.Set<String> plainHttpRegistries) {
        return new HelmRenderer(credentials, YamlLimits.defaults(), plainHttpRegistries);
    }
}
