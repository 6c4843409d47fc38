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
 * <p>Identity is the {@link ObjectId}, which carries no API version ({@code apps/v1} and {@code apps/v1beta2}
 * Deployments of one name are the same object, so a set never holds both). Immutable and thread-safe.
 */
public final class ManifestSet implements Iterable<Manifest> {
    private static final ManifestSet EMPTY = new ManifestSet(List.of(), Map.of());

    private final List<Manifest> manifests;
    private final Map<ObjectId, Manifest> byIdentity;
    private volatile String hash;

    private ManifestSet(List<Manifest> manifests, Map<ObjectId, Manifest> byIdentity) {
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
        Map<ObjectId, Manifest> index = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            Checks.notNull(m, "manifest");
            ObjectId id = m.key().id();
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

    /** @return the manifest with this identity (in whatever version it is declared), or empty */
    public Optional<Manifest> get(ObjectId id) {
        return Optional.ofNullable(byIdentity.get(id));
    }

    /** @return true when a manifest has this identity */
    public boolean contains(ObjectId id) {
        return byIdentity.containsKey(id);
    }

    /** @return the manifest of the object {@code key} names (declared in any version), or empty */
    public Optional<Manifest> get(ResourceKey key) {
        return get(key.id());
    }

    /** @return true when a manifest declares the object {@code key} names (in any version) */
    public boolean contains(ResourceKey key) {
        return contains(key.id());
    }

    /** @return the keys in order, with their versions */
    public List<ResourceKey> keys() {
        List<ResourceKey> keys = new ArrayList<>(manifests.size());
        manifests.forEach(m -> keys.add(m.key()));
        return keys;
    }

    /** @return the identities in order, for set arithmetic with an inventory */
    public Set<ObjectId> identities() {
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
