package io.gitops4j.testkit.assertions;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.health.HealthRules;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ResourceType;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Assertions on a {@link FakeKube}'s objects, addressed by {@link ResourceKey} (apiVersion, kind, namespace,
 * name). A failure says what was expected and what the cluster holds instead (the other objects of that kind in that
 * namespace, or the labels the object has).
 */
public final class KubeAssert extends AbstractAssert<KubeAssert, FakeKube> {
    private final HealthRules health = HealthRules.builtIn();

    KubeAssert(FakeKube actual) {
        super(actual, KubeAssert.class);
    }

    /** The object exists (a terminating object still exists). */
    public KubeAssert contains(ResourceKey key) {
        isNotNull();
        if (find(key).isEmpty()) {
            failWithMessage("%nExpecting the cluster to contain%n  %s%nbut it does not; %s", describe(key),
                    siblings(key));
        }
        return this;
    }

    /** The object does not exist. */
    public KubeAssert doesNotContain(ResourceKey key) {
        isNotNull();
        Optional<Map<String, Object>> found = find(key);
        if (found.isPresent()) {
            Object deleting = metadata(found.get()).get("deletionTimestamp");
            failWithMessage("%nExpecting the cluster not to contain%n  %s%nbut it does (uid %s%s)", describe(key),
                    metadata(found.get()).get("uid"),
                    deleting == null ? "" : ", terminating since " + deleting + " with finalizers "
                            + metadata(found.get()).get("finalizers"));
        }
        return this;
    }

    /** The object exists and carries label {@code name=value}. */
    public KubeAssert hasLabel(ResourceKey key, String name, String value) {
        return hasMetadataEntry(key, "labels", "label", name, value);
    }

    /** The object exists and carries annotation {@code name=value}. */
    public KubeAssert hasAnnotation(ResourceKey key, String name, String value) {
        return hasMetadataEntry(key, "annotations", "annotation", name, value);
    }

    /** The object exists and the value at {@code path} (e.g. {@code "data", "greeting"}) equals {@code expected}. */
    public KubeAssert hasField(ResourceKey key, Object expected, String... path) {
        Map<String, Object> object = require(key);
        Object v = object;
        for (String p : path) {
            v = v instanceof Map<?, ?> m ? m.get(p) : null;
        }
        if (!Objects.equals(normalise(v), normalise(expected))) {
            failWithMessage("%nExpecting %s of%n  %s%nto be%n  %s%nbut was%n  %s", "." + String.join(".", path),
                    describe(key), expected, v == null ? "absent" : v);
        }
        return this;
    }

    /** The built-in health rules ({@code io.gitops4j.core.health}) judge the object HEALTHY. */
    public KubeAssert isHealthy(ResourceKey key) {
        return hasHealth(key, HealthStatus.HEALTHY);
    }

    /** The built-in health rules judge the object {@code expected} (MISSING when it does not exist). */
    public KubeAssert hasHealth(ResourceKey key, HealthStatus expected) {
        isNotNull();
        Health h = find(key).map(o -> health.assess(LiveObject.of(Manifest.of(o)))).orElse(Health.missing());
        if (h.status() != expected) {
            failWithMessage("%nExpecting the health of%n  %s%nto be %s but was %s%s", describe(key), expected,
                    h.status(), h.message().isEmpty() ? "" : " (" + h.message() + ")");
        }
        return this;
    }

    private KubeAssert hasMetadataEntry(ResourceKey key, String field, String what, String name, String value) {
        Map<String, Object> object = require(key);
        Object entries = metadata(object).get(field);
        Map<?, ?> map = entries instanceof Map<?, ?> m ? m : Map.of();
        if (!map.containsKey(name)) {
            failWithMessage("%nExpecting%n  %s%nto have %s %s=%s%nbut it has no %s %s; its %s are %s", describe(key),
                    what, name, value, what, name, field, map);
        } else if (!Objects.equals(map.get(name), value)) {
            failWithMessage("%nExpecting%n  %s%nto have %s %s=%s%nbut it is %s=%s", describe(key), what, name, value,
                    name, map.get(name));
        }
        return this;
    }

    private Map<String, Object> require(ResourceKey key) {
        contains(key);
        return find(key).orElseThrow();
    }

    private Optional<Map<String, Object>> find(ResourceKey key) {
        Optional<ResourceType> type = type(key);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(actual.get(type.get(), type.get().namespaced() ? key.namespace() : "", key.name()));
        } catch (FakeKubeException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<ResourceType> type(ResourceKey key) {
        return actual.registry().findKind(key.apiVersion(), key.kind());
    }

    private String siblings(ResourceKey key) {
        Optional<ResourceType> type = type(key);
        if (type.isEmpty()) {
            return "the kind " + key.apiVersion() + " " + key.kind() + " is not even served (CRD missing?)";
        }
        String ns = type.get().namespaced() ? key.namespace() : "";
        List<String> names = actual.list(type.get(), ns, ListOptions.defaults()).items().stream()
                .map(o -> String.valueOf(metadata(o).get("name"))).toList();
        return (ns.isEmpty() ? "the cluster" : "namespace " + ns) + " has these " + type.get().plural() + ": "
                + names;
    }

    private static String describe(ResourceKey key) {
        return key.apiVersion() + " " + key.kind() + " " + (key.namespace().isEmpty() ? "" : key.namespace() + "/")
                + key.name();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        Object m = object.get("metadata");
        return m instanceof Map<?, ?> ? (Map<String, Object>) m : Map.of();
    }

    /** Whole numbers compare equal whatever their boxed type (the fake stores Longs). */
    private static Object normalise(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }
}
