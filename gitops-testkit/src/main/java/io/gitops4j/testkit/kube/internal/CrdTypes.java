package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CustomResourceDefinition means to the fake: validation of its spec, the {@link ResourceType}s it serves,
 * and the status the apiextensions controller would give it (NamesAccepted, Established). Stateless.
 */
public final class CrdTypes {

    /** The CRD finalizer the real server adds, removed once the custom resources are gone. */
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    private CrdTypes() {
    }

    /**
     * Checks the parts of a CRD the fake relies on.
     *
     * @throws FakeKubeException 422 Invalid with causes
     */
    public static void validate(ResourceType crdType, Map<String, Object> crd) {
        List<Map<String, Object>> causes = new ArrayList<>();
        Map<String, Object> spec = Trees.map(crd, "spec");
        Map<String, Object> names = Trees.map(spec, "names");
        String group = Trees.string(spec, "group");
        String plural = Trees.string(names, "plural");
        String name = Trees.metaString(crd, "name");
        if (group.isEmpty()) {
            causes.add(ObjectValidator.required("spec.group", ""));
        } else if (!group.contains(".")) {
            causes.add(ObjectValidator.invalid("spec.group", group, "should be a domain with at least one dot"));
        }
        if (plural.isEmpty()) {
            causes.add(ObjectValidator.required("spec.names.plural", ""));
        }
        if (Trees.string(names, "kind").isEmpty()) {
            causes.add(ObjectValidator.required("spec.names.kind", ""));
        }
        if (!name.equals(plural + "." + group)) {
            causes.add(ObjectValidator.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        String scope = Trees.string(spec, "scope");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            causes.add(FakeKubeException.cause("FieldValueNotSupported", "Unsupported value: \"" + scope
                    + "\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }
        List<Object> versions = Trees.list(spec, "versions");
        if (versions == null || versions.isEmpty()) {
            causes.add(ObjectValidator.invalid("spec.versions", "null", "must have exactly one version marked as "
                    + "storage version"));
        } else {
            long storage = versions.stream().filter(v -> v instanceof Map<?, ?> m
                    && Boolean.TRUE.equals(m.get("storage"))).count();
            if (storage != 1) {
                causes.add(ObjectValidator.invalid("spec.versions", String.valueOf(versions.size()),
                        "must have exactly one version marked as storage version"));
            }
        }
        if (!causes.isEmpty()) {
            throw FakeKubeException.invalid(crdType, name, causes);
        }
    }

    /** The types a CRD serves: one per served version, storage version first. */
    @SuppressWarnings("unchecked")
    public static List<ResourceType> typesOf(Map<String, Object> crd) {
        Map<String, Object> spec = Trees.map(crd, "spec");
        Map<String, Object> names = Trees.map(spec, "names");
        List<ResourceType> out = new ArrayList<>();
        List<Object> versions = Trees.list(spec, "versions");
        if (versions == null) {
            return out;
        }
        for (Object o : versions) {
            if (!(o instanceof Map<?, ?>)) {
                continue;
            }
            Map<String, Object> v = (Map<String, Object>) o;
            if (!Boolean.TRUE.equals(v.get("served"))) {
                continue;
            }
            Set<String> sub = new LinkedHashSet<>();
            Map<String, Object> subresources = Trees.map(v, "subresources");
            if (subresources == null) {
                subresources = Trees.map(spec, "subresources");
            }
            if (subresources != null && subresources.containsKey("status")) {
                sub.add("status");
            }
            if (subresources != null && subresources.containsKey("scale")) {
                sub.add("scale");
            }
            List<Object> columns = Trees.list(v, "additionalPrinterColumns");
            List<Map<String, Object>> printer = new ArrayList<>();
            if (columns != null) {
                columns.stream().filter(c -> c instanceof Map<?, ?>)
                        .forEach(c -> printer.add(Trees.copy((Map<String, Object>) c)));
            }
            Map<String, Object> schema = Trees.map(Trees.map(v, "schema"), "openAPIV3Schema");
            ResourceType type = new ResourceType(Trees.string(spec, "group"), Trees.string(v, "name"),
                    Trees.string(names, "plural"), Trees.string(names, "singular"), Trees.string(names, "kind"),
                    !"Cluster".equals(Trees.string(spec, "scope")), ResourceType.STANDARD_VERBS,
                    strings(Trees.list(names, "shortNames")), strings(Trees.list(names, "categories")), sub, printer,
                    schema == null ? Map.of() : Trees.copy(schema));
            if (Boolean.TRUE.equals(v.get("storage"))) {
                out.add(0, type);
            } else {
                out.add(type);
            }
        }
        return out;
    }

    /** Sets the status the apiextensions controllers would set: accepted names, conditions, stored versions. */
    public static void establish(Map<String, Object> crd, String now, boolean namesAccepted, String conflict) {
        Map<String, Object> spec = Trees.map(crd, "spec");
        Map<String, Object> status = Trees.mapOrCreate(crd, "status");
        Map<String, Object> old = Trees.copy(status);
        status.clear();
        status.put("acceptedNames", namesAccepted ? Trees.copy(Trees.map(spec, "names")) : Map.of("kind", "",
                "plural", ""));
        List<Object> conditions = new ArrayList<>();
        conditions.add(condition(old, "NamesAccepted", namesAccepted,
                namesAccepted ? "NoConflicts" : "NameConflict",
                namesAccepted ? "no conflicts found" : conflict, now));
        conditions.add(condition(old, "Established", namesAccepted,
                namesAccepted ? "InitialNamesAccepted" : "NotAccepted",
                namesAccepted ? "the initial names have been accepted" : "not all names are accepted", now));
        status.put("conditions", conditions);
        LinkedHashSet<String> stored = new LinkedHashSet<>(strings(Trees.list(old, "storedVersions")));
        List<Object> versions = Trees.list(spec, "versions");
        if (versions != null) {
            for (Object v : versions) {
                if (v instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("storage"))) {
                    stored.add(String.valueOf(m.get("name")));
                }
            }
        }
        status.put("storedVersions", new ArrayList<>(stored));
    }

    private static Map<String, Object> condition(Map<String, Object> oldStatus, String type, boolean ok,
                                                 String reason, String message, String now) {
        String since = now;
        List<Object> old = Trees.list(oldStatus, "conditions");
        if (old != null) {
            for (Object o : old) {
                if (o instanceof Map<?, ?> m && type.equals(m.get("type"))
                        && (ok ? "True" : "False").equals(m.get("status")) && m.get("lastTransitionTime") != null) {
                    since = String.valueOf(m.get("lastTransitionTime"));
                }
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", ok ? "True" : "False");
        c.put("lastTransitionTime", since);
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    private static List<String> strings(List<Object> list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            list.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
