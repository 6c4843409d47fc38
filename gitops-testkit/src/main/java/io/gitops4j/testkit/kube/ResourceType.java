package io.gitops4j.testkit.kube;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One served resource of the fake API: a group/version/plural with its kind, scope, verbs and names, as discovery
 * shows it. Built-in types come from {@link BuiltinTypes}; custom resource definitions add more at runtime.
 *
 * @param group           API group, {@code ""} for the core group
 * @param version         API version ({@code v1}, {@code v1beta1}, …)
 * @param plural          resource name in URLs ({@code configmaps})
 * @param singular        singular name ({@code configmap})
 * @param kind            object kind ({@code ConfigMap})
 * @param namespaced      whether objects live in a namespace
 * @param verbs           verbs discovery advertises
 * @param shortNames      short names ({@code cm}); may be empty
 * @param categories      categories ({@code all}); may be empty
 * @param subresources    served subresources: {@code status} and/or {@code scale}
 * @param printerColumns  CRD {@code additionalPrinterColumns} (name, type, jsonPath, …) for Table output; empty for
 *                        built-ins (Table output then uses the kind's built-in printer, see the fake API server)
 * @param schema          the CRD's {@code openAPIV3Schema} for this version; empty for built-ins
 */
public record ResourceType(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        boolean namespaced,
        List<String> verbs,
        List<String> shortNames,
        List<String> categories,
        Set<String> subresources,
        List<Map<String, Object>> printerColumns,
        Map<String, Object> schema) {

    /** The verbs of an ordinary resource. */
    public static final List<String> STANDARD_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public ResourceType {
        Objects.requireNonNull(group, "group");
        requireText(version, "version");
        requireText(plural, "plural");
        requireText(kind, "kind");
        singular = singular == null || singular.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : singular;
        verbs = List.copyOf(verbs == null ? STANDARD_VERBS : verbs);
        shortNames = List.copyOf(shortNames == null ? List.of() : shortNames);
        categories = List.copyOf(categories == null ? List.of() : categories);
        subresources = Set.copyOf(subresources == null ? Set.of() : subresources);
        printerColumns = printerColumns == null ? List.of() : List.copyOf(printerColumns);
        schema = schema == null ? Map.of() : schema;
    }

    /** A built-in type with standard verbs, no printer columns and no schema. */
    public static ResourceType of(String group, String version, String plural, String kind, boolean namespaced,
                                  List<String> shortNames, List<String> categories, Set<String> subresources) {
        return new ResourceType(group, version, plural, null, kind, namespaced, STANDARD_VERBS, shortNames,
                categories, subresources, List.of(), Map.of());
    }

    /** {@code v1} for the core group, otherwise {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The kind of a list of these objects ({@code ConfigMapList}). */
    public String listKind() {
        return kind + "List";
    }

    /**
     * The group-qualified resource as error messages print it: {@code configmaps}, {@code deployments.apps}.
     */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** Whether the {@code status} subresource is served (main-resource writes then ignore {@code .status}). */
    public boolean hasStatus() {
        return subresources.contains("status");
    }

    /** Whether the {@code scale} subresource is served. */
    public boolean hasScale() {
        return subresources.contains("scale");
    }

    /** Whether {@code verb} is advertised. */
    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    /** The same type with another version (CRDs serving several versions share one storage). */
    public ResourceType withVersion(String newVersion) {
        return new ResourceType(group, newVersion, plural, singular, kind, namespaced, verbs, shortNames, categories,
                subresources, printerColumns, schema);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
