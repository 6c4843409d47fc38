package io.gitops4j.testkit.kube;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The types the fake API serves: the built-ins plus whatever CRDs register. One entry per group/version/plural.
 *
 * <p>Thread-safe: reads see an immutable snapshot; changes are atomic and tell every {@link RegistryListener}
 * afterwards (on the changing thread, outside any lock).
 */
public final class ResourceRegistry {

    private volatile List<ResourceType> types;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    /** A registry holding {@code initial}. */
    public ResourceRegistry(List<ResourceType> initial) {
        this.types = List.copyOf(initial);
    }

    /** A registry with the {@link BuiltinTypes}. */
    public static ResourceRegistry builtin() {
        return new ResourceRegistry(BuiltinTypes.all());
    }

    /** Every served type, in registration order (core group first). */
    public List<ResourceType> types() {
        return types;
    }

    /** The type served at {@code /apis/{group}/{version}/{plural}} ({@code /api/v1/…} for group ""). */
    public Optional<ResourceType> find(String group, String version, String plural) {
        for (ResourceType t : types) {
            if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #find} but fails as the real server does for an unserved path.
     *
     * @throws FakeKubeException 404 NotFound {@code the server could not find the requested resource}
     */
    public ResourceType require(String group, String version, String plural) {
        return find(group, version, plural).orElseThrow(FakeKubeException::noSuchResource);
    }

    /** The type for an object's {@code apiVersion} and {@code kind}. */
    public Optional<ResourceType> findKind(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        for (ResourceType t : types) {
            if (t.group().equals(group) && t.version().equals(version) && t.kind().equals(kind)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The served groups, in registration order; {@code ""} is the core group. */
    public List<String> groups() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        types.forEach(t -> out.add(t.group()));
        return List.copyOf(out);
    }

    /** The served versions of a group, preferred (highest Kubernetes version priority) first. */
    public List<String> versions(String group) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        types.stream().filter(t -> t.group().equals(group)).forEach(t -> out.add(t.version()));
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(VERSION_PRIORITY);
        return List.copyOf(sorted);
    }

    /** The types of one group/version, in registration order. */
    public List<ResourceType> types(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    /** Adds or replaces (same group/version/plural) types, then tells the listeners. */
    public void register(List<ResourceType> added) {
        synchronized (this) {
            List<ResourceType> next = new ArrayList<>(types);
            for (ResourceType t : added) {
                next.removeIf(o -> o.group().equals(t.group()) && o.version().equals(t.version())
                        && o.plural().equals(t.plural()));
                next.add(t);
            }
            types = List.copyOf(next);
        }
        fire();
    }

    /**
     * Replaces every version of {@code plural.group} with {@code replacement} (possibly none), then tells the
     * listeners. Used when a CRD is created or changed.
     */
    public void replace(String group, String plural, List<ResourceType> replacement) {
        synchronized (this) {
            List<ResourceType> next = new ArrayList<>(types);
            next.removeIf(o -> o.group().equals(group) && o.plural().equals(plural));
            next.addAll(replacement);
            types = List.copyOf(next);
        }
        fire();
    }

    /** Removes every version of {@code plural.group}, then tells the listeners. */
    public void unregister(String group, String plural) {
        synchronized (this) {
            List<ResourceType> next = new ArrayList<>(types);
            next.removeIf(o -> o.group().equals(group) && o.plural().equals(plural));
            types = List.copyOf(next);
        }
        fire();
    }

    /** Registers a listener told after each change. */
    public void addListener(RegistryListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener. */
    public void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }

    private void fire() {
        for (RegistryListener l : listeners) {
            l.registryChanged();
        }
    }

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /** Kubernetes version priority: GA > beta > alpha, higher numbers first, then non-conforming names A-Z. */
    public static final Comparator<String> VERSION_PRIORITY = (a, b) -> {
        long[] ka = key(a);
        long[] kb = key(b);
        for (int i = 0; i < 3; i++) {
            if (ka[i] != kb[i]) {
                return Long.compare(kb[i], ka[i]);
            }
        }
        return a.compareTo(b);
    };

    private static long[] key(String v) {
        Matcher m = KUBE_VERSION.matcher(v);
        if (!m.matches()) {
            return new long[] {-1, 0, 0};
        }
        long major = Long.parseLong(m.group(1));
        int stability = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
        long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return new long[] {stability, major, minor};
    }
}
