package io.gitops4j.core.render;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;

/**
 * A bounded cache of render results wrapped around any {@link Renderer}: the key is the snapshot's {@link
 * Snapshot#treeId(String) treeId} + renderer name + {@code RenderOptions#fingerprint()} + the substitution's {@link
 * io.gitops4j.api.render.Substitution#fingerprint() fingerprint} (a keyed hash: no variable value is kept in clear)
 * + renderer {@link Renderer#version()} + render path, so an unchanged input is answered without rendering (a hit
 * costs a tree-id lookup and a hash probe). Failures are never cached. The renderer name is the one this cache wraps:
 * an {@code auto} spec is resolved before it gets here, so the detected renderer is part of the key.
 *
 * <p>The tree id covers the render path for {@code plain} (it reads nothing else) and the whole snapshot for every
 * other renderer (Kustomize bases and Helm values files may live anywhere in the repository). Helm charts from a
 * repository without an exact version are not cached (the repository may publish a newer match). Thread-safe.
 */
public final class RenderCache implements Renderer {
    private final Renderer delegate;
    private final Cache<Key, ManifestSet> cache;
    /** Tree ids per snapshot instance (snapshots are immutable), so a hit does not re-hash a local tree. */
    private final Cache<Snapshot, java.util.concurrent.ConcurrentMap<String, String>> treeIds =
            Caffeine.newBuilder().weakKeys().maximumSize(64).build();

    private record Key(String treeId, String renderer, String path, String fingerprint, String substitution,
            String version) {}

    /**
     * @param delegate the renderer to cache
     * @param maximumEntries the most results kept (least recently used are dropped first)
     */
    public RenderCache(Renderer delegate, long maximumEntries) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).build();
    }

    /** @return {@code renderer} with a cache of 256 results */
    public static RenderCache of(Renderer renderer) {
        return new RenderCache(renderer, 256);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String version() {
        return delegate.version();
    }

    @Override
    public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
        if (!cacheable(spec)) {
            return delegate.render(snapshot, spec);
        }
        String scope = delegate.name().equals(RenderSpec.PLAIN) ? spec.path() : "";
        String treeId = treeIds.get(snapshot, s -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(scope, snapshot::treeId);
        Key key = new Key(treeId, delegate.name(), spec.path(), spec.options().fingerprint(),
                spec.substitution().fingerprint(), delegate.version());
        ManifestSet hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        ManifestSet rendered = delegate.render(snapshot, spec);
        cache.put(key, rendered);
        return rendered;
    }

    /** @return the number of cached results (approximate) */
    public long size() {
        return cache.estimatedSize();
    }

    /** Drops every cached result. */
    public void clear() {
        cache.invalidateAll();
    }

    private static boolean cacheable(RenderSpec spec) {
        if (spec.options() instanceof HelmOptions) {
            HelmOptions helm = (HelmOptions) spec.options();
            return helm.chartRepository().isEmpty() || helm.chartVersion().matches("v?\\d+\\.\\d+\\.\\d+[-+.\\w]*");
        }
        return true;
    }
}
