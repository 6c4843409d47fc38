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
}
