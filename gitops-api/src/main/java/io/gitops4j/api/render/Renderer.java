package io.gitops4j.api.render;

import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;

/**
 * Turns a snapshot into the objects the cluster should hold. Register custom renderers on the engine builder; a
 * user registration wins over a built-in one of the same name.
 *
 * <p>Implementations are thread-safe and deterministic: the same snapshot content, spec and renderer version give
 * the same set. An empty result is a valid answer ("zero objects"), distinct from a failure.
 */
public interface Renderer {
    /** @return the name a {@link RenderSpec} selects this renderer by */
    String name();

    /** @return the version of the renderer and the tool behind it; part of the render cache key */
    default String version() {
        return "1";
    }

    /**
     * @param snapshot the tree to read
     * @param spec what to render; its path is relative to the snapshot root (the engine joins the source path and
     *     the render path before calling)
     * @return the desired objects, in a deterministic order
     * @throws RenderException with file and line when known
     */
    ManifestSet render(Snapshot snapshot, RenderSpec spec);
}
