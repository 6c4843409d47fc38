package io.gitops4j.api.resource;

import io.gitops4j.api.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An ordered set of manifests with distinct identities: the desired state a renderer produces.
 *
 * <p>Identity ignores the API version ({@code apps/v1} and {@code apps/v1beta1} Deployments of one name are the
 * same object). Immutable and thread-safe.
 */
public final class ManifestSet implements Iterable<Manifest> {
    private static final ManifestSet EMPTY = new ManifestSet(List.of(), Map.of());

    private final List<Manifest> manifests;
    private final Map<ResourceKey, Manifest> byIdentity;
    private volatile String hash;

    private ManifestSet(List<Manifest> manifests, Map<ResourceKey, Manifest> byIdentity) {
        this.manifests = manifests;
        this.byIdentity = byIdentity;
    }

    /**
     * Copies manifests in order.
     *
     * @throws DuplicateResourceException naming both origins when two manifests share an identity
     * @throws io.gitops4j.api.InvalidSpecException when a manifest has no valid key
     */
    public static ManifestSet of(Collection<Manifest> manifests) {
        Checks.notNull(manifests, "manifests");
        if (manifests.isEmpty()) {
            return EMPTY;
        }
        Map<ResourceKey, Manifest> index = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            Checks.notNull(m, "manifest");
            ResourceKey id = m.key().withoutVersion();
            Manifest previous = index.putIfAbsent(id, m);
            if (previous != null) {
                throw new DuplicateResourceException(m.key(), previous.origin(), m.origin());
            }
        }
        return new ManifestSet(List.copyOf(manifests), java.util.Collections.unmodifiableMap(index));
    }

    /** @see #of(Collection) */
    public static ManifestSet of(Manifest... manifests) {
        return of(List.of(manifests));
    }

    /** @return the empty set */
    public static ManifestSet empty() {
        return EMPTY;
    }

    /** @return the manifests in order */
    public List<Manifest> manifests() {
        return manifests;
    }

    /** @return the number of manifests */
    public int size() {
        return manifests.size();
    }

    /** @return true when there is no manifest */
    public boolean isEmpty() {
        return manifests.isEmpty();
    }

    /** @return the manifest with this identity (any version), or empty */
    public Optional<Manifest> get(ResourceKey key) {
        return Optional.ofNullable(byIdentity.get(key.withoutVersion()));
    }

    /** @return true when a manifest has this identity (any version) */
    public boolean contains(ResourceKey key) {
        return byIdentity.containsKey(key.withoutVersion());
    }

    /** @return the keys in order, with their versions */
    public List<ResourceKey> keys() {
        List<ResourceKey> keys = new ArrayList<>(manifests.size());
        manifests.forEach(m -> keys.add(m.key()));
        return keys;
    }

    /** @return the identities (version set to {@code v0}), for set arithmetic with an inventory */
    public Set<ResourceKey> identities() {
        return byIdentity.keySet();
    }

    /** @return a stream over the manifests in order */
    public Stream<Manifest> stream() {
        return manifests.stream();
    }

    @Override
    public Iterator<Manifest> iterator() {
        return manifests.iterator();
    }

    /** @return a SHA-256 over the sorted content hashes; independent of order and origins */
    public String contentHash() {
        String h = hash;
        if (h == null) {
            StringBuilder b = new StringBuilder();
            manifests.stream().map(Manifest::contentHash).sorted().forEach(x -> b.append(x).append('\n'));
            h = Manifest.sha256Hex(b.toString());
            hash = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestSet && ((ManifestSet) o).manifests.equals(manifests);
    }

    @Override
    public int hashCode() {
        return manifests.hashCode();
    }

    @Override
    public String toString() {
        return "ManifestSet[" + manifests.size() + " objects]";
    }
}
