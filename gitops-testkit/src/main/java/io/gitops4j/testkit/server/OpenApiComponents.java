package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.core.merge.TypeSchema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@link TypeSchema} trees as OpenAPI v3 {@code components.schemas} entries, the way a Kubernetes API server
 * publishes its built-in kinds: one entry per named type (e.g. {@code io.k8s.api.apps.v1.Deployment}), fields that
 * use a named type hold a {@code $ref} to it ({@code allOf: [{$ref}]} when the use site adds a patch strategy, merge
 * key or default), and the kind's own entry carries {@code x-kubernetes-group-version-kind}.
 *
 * <p>Contract, per schema node:
 * <ul>
 *   <li>scalar: {@code type} ({@code int-or-string} as {@code format: int-or-string} with a {@code oneOf} of
 *       integer and string, as Kubernetes writes {@code IntOrString});</li>
 *   <li>object: {@code type: object}, {@code properties}, {@code required} (when the schema knows it),
 *       {@code additionalProperties} unless its value type is untyped, {@code x-kubernetes-map-type: atomic},
 *       {@code x-kubernetes-preserve-unknown-fields};</li>
 *   <li>list: {@code type: array}, {@code items}, {@code x-kubernetes-list-type} when it is {@code set} or
 *       {@code map} (absent means atomic), {@code x-kubernetes-list-map-keys};</li>
 *   <li>use-site markers: {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key},
 *       {@code default} (value structs as {@code default: {}});</li>
 *   <li>an untyped named type is an empty schema; an anonymous untyped node is
 *       {@code x-kubernetes-preserve-unknown-fields: true} (never an empty object, which kubectl's templates treat
 *       as missing).</li>
 * </ul>
 * No descriptions from the Kubernetes documents: fields have none, a kind's entry gets one short sentence of
 * ours (kubectl explain prints {@code <no description>} for the fields). Not thread-safe; one instance per
 * document.
 */
final class OpenApiComponents {
    /** Prefix of a reference to a component schema. */
    static final String REF_PREFIX = "#/components/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode schemas;
    private final Deque<TypeSchema> pending = new ArrayDeque<>();

    /** Writes into {@code schemas} (the {@code components.schemas} object of one document). */
    OpenApiComponents(ObjectNode schemas) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    /**
     * Adds the named type {@code kind} (a kind's root schema, as {@code BuiltInSchemas.registry()} returns it) and
     * every named type reachable from it, tagging the kind's entry with the group/version/kind. Types already
     * present are not written again; a second kind sharing a type adds its group/version/kind to the tag list.
     *
     * @throws IllegalArgumentException when {@code kind} is not a named type
     */
    void addKind(TypeSchema kind, String group, String version, String kindName) {
        String name = kind.name();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("not a named type: " + kind);
        }
        pending.push(kind);
        drain();
        ObjectNode entry = (ObjectNode) schemas.get(name);
        JsonNode tags = entry.get("x-kubernetes-group-version-kind");
        ArrayNode list = tags instanceof ArrayNode a ? a : entry.putArray("x-kubernetes-group-version-kind");
        list.addObject().put("group", group).put("kind", kindName).put("version", version);
        if (!entry.has("description")) {
            entry.put("description", kindName + " (" + (group.isEmpty() ? "" : group + "/") + version
                    + "): field names and types only.");
        }
    }

    /**
     * Adds a custom resource's schema (its CRD's {@code openAPIV3Schema}) under {@code name}, the way an API server
     * publishes it: the CRD's schema as written, tagged with the group/version/kind, with {@code apiVersion} and
     * {@code kind} declared as strings when the CRD does not declare them, and {@code metadata} a reference to
     * {@code ObjectMeta} (added with the types it reaches) whatever the CRD says about it.
     */
    void addCustomResource(String name, Map<String, Object> schema, String group, String version, String kind) {
        ObjectNode entry = JSON.valueToTree(schema);
        String type = entry.path("type").asText("object");
        if (type.equals("object")) {
            JsonNode declared = entry.get("properties");
            ObjectNode properties = declared instanceof ObjectNode o ? o : entry.putObject("properties");
            if (!properties.has("apiVersion")) {
                properties.putObject("apiVersion").put("type", "string");
            }
            if (!properties.has("kind")) {
                properties.putObject("kind").put("type", "string");
            }
            properties.set("metadata", useSite(BuiltInSchemas.objectMeta()));
        }
        entry.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", group).put("kind", kind).put("version", version);
        schemas.set(name, entry);
    }

    /** The component name of a custom resource's schema: reversed group, version, kind ({@code com.example.v1.Widget}). */
    static String customResourceName(String group, String version, String kind) {
        String[] parts = group.split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                reversed.append(parts[i]).append('.');
            }
        }
        return reversed + version + "." + kind;
    }

    /**
     * The schema of one use site of {@code t}: a {@code $ref} (or {@code allOf} wrapper) when {@code t} is a named
     * type, which is then added with the named types it reaches; otherwise the node itself.
     */
    ObjectNode useSite(TypeSchema t) {
        ObjectNode node = use(t);
        drain();
        return node;
    }

    private void drain() {
        while (!pending.isEmpty()) {
            TypeSchema t = pending.pop();
            String name = t.name();
            if (!schemas.has(name)) {
                schemas.set(name, structure(t)); // queues the named types it uses, never recurses into them
            }
        }
    }

    /** The schema of one use site: a reference to a named type, or the node itself. */
    private ObjectNode use(TypeSchema t) {
        String name = t.name();
        ObjectNode node;
        if (name.isEmpty()) {
            node = structure(t);
        } else {
            if (!schemas.has(name)) {
                pending.push(t);
            }
            ObjectNode ref = JSON.createObjectNode().put("$ref", REF_PREFIX + name);
            if (!hasUseSiteMarkers(t)) {
                return ref;
            }
            node = JSON.createObjectNode();
            node.putArray("allOf").add(ref);
        }
        useSiteMarkers(t, node);
        return node;
    }

    private static boolean hasUseSiteMarkers(TypeSchema t) {
        return !t.patchStrategy().isEmpty() || t.patchMergeKey().isPresent() || t.defaultValue().isPresent()
                || t.isValueStruct();
    }

    private static void useSiteMarkers(TypeSchema t, ObjectNode node) {
        if (!t.patchStrategy().isEmpty()) {
            node.put("x-kubernetes-patch-strategy", t.patchStrategy());
        }
        t.patchMergeKey().ifPresent(k -> node.put("x-kubernetes-patch-merge-key", k));
        if (t.defaultValue().isPresent()) {
            node.set("default", JSON.valueToTree(t.defaultValue().get()));
        } else if (t.isValueStruct()) {
            node.putObject("default");
        }
    }

    /** The structure of {@code t} without use-site markers. */
    private ObjectNode structure(TypeSchema t) {
        ObjectNode node = JSON.createObjectNode();
        switch (t.kind()) {
            case SCALAR -> scalar(t.scalarType(), node);
            case LIST -> list(t, node);
            case OBJECT -> object(t, node);
            case UNTYPED -> {
                if (t.name().isEmpty()) {
                    node.put("x-kubernetes-preserve-unknown-fields", true);
                }
            }
            default -> throw new IllegalStateException("unknown kind " + t.kind());
        }
        return node;
    }

    private static void scalar(String type, ObjectNode node) {
        if (type.equals("int-or-string")) {
            node.put("format", "int-or-string");
            ArrayNode oneOf = node.putArray("oneOf");
            oneOf.addObject().put("type", "integer");
            oneOf.addObject().put("type", "string");
        } else {
            node.put("type", type);
        }
    }

    private void list(TypeSchema t, ObjectNode node) {
        node.put("type", "array");
        node.set("items", use(t.elementType()));
        switch (t.listType()) {
            case SET -> node.put("x-kubernetes-list-type", "set");
            case MAP -> {
                node.put("x-kubernetes-list-type", "map");
                ArrayNode keys = node.putArray("x-kubernetes-list-map-keys");
                t.listMapKeys().forEach(keys::add);
            }
            default -> { }
        }
    }

    private void object(TypeSchema t, ObjectNode node) {
        node.put("type", "object");
        if (!t.fields().isEmpty()) {
            ObjectNode properties = node.putObject("properties");
            for (Map.Entry<String, TypeSchema> f : t.fields().entrySet()) {
                properties.set(f.getKey(), use(f.getValue()));
            }
        }
        if (!t.required().isEmpty()) {
            ArrayNode required = node.putArray("required");
            t.required().forEach(required::add);
        }
        t.additionalProperties().filter(a -> !(a.isUntyped() && a.name().isEmpty()))
                .ifPresent(a -> node.set("additionalProperties", use(a)));
        if (t.mapType() == TypeSchema.MapType.ATOMIC) {
            node.put("x-kubernetes-map-type", "atomic");
        }
        if (t.preservesUnknownFields()) {
            node.put("x-kubernetes-preserve-unknown-fields", true);
        }
    }
}
