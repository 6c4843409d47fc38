package io.gitops4j.api.render;

/**
 * Options of one renderer: a record per renderer ({@link PlainYamlOptions}, {@link KustomizeOptions}, {@link
 * HelmOptions}, or a custom renderer's own). Implementations are immutable values with a stable {@link
 * #fingerprint()}, which is part of the render cache key.
 */
public interface RenderOptions {
    /** @return a text that changes whenever the options change output; records' {@code toString()} qualifies */
    default String fingerprint() {
        return toString();
    }
}
