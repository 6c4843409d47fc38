package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}) into the JSON shape of
 * the same object.
 *
 * <p>Wire format: the 4 bytes {@code k8s\0}, then a {@code runtime.Unknown} whose {@code typeMeta} names the
 * apiVersion and kind and whose {@code raw} holds the object's own protobuf message. The message classes come from
 * {@code io.kubernetes:client-java-proto}; any built-in kind they contain can be decoded (custom resources are never
 * sent as protobuf). Conversion follows the JSON conventions of the Kubernetes types: embedded ({@code inline})
 * structs such as {@code IngressRule.ingressRuleValue} or {@code Probe.handler} are flattened, {@code IntOrString} becomes a
 * number or a string, {@code Quantity} a string, {@code Time} an RFC 3339 timestamp, bytes base64; singular fields
 * that are empty (empty string, zero time, empty object) are left out, as the Go types' {@code omitempty} does.
 */
final class ProtobufBodies {
    /** The 4-byte prefix of every Kubernetes protobuf body. */
    static final byte[] MAGIC = {'k', '8', 's', 0};

    private static final String PROTO_PACKAGE = "io.kubernetes.client.proto.";
    private static final Map<String, Message> PROTOTYPES = new ConcurrentHashMap<>();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Fields of Go structs embedded with {@code json:",inline"}: a nested message in protobuf, flattened into the
     * parent object in JSON.
     */
    private static final java.util.Set<String> INLINE = java.util.Set.of(
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.core.v1.Probe.handler");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // client-java-proto's generated classes predate protobuf 22 and make protobuf-java 4 print a warning per
        // type; they only decode request bodies here, which are bounded to 3 MiB
        if (System.getProperty("com.google.protobuf.use_unsafe_pre22_gencode") == null) {
            System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        }
    }

    private ProtobufBodies() {
    }

    /** Thrown for a body that is not a decodable Kubernetes protobuf object. */
    static final class UndecodableBody extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableBody(String message) {
            super(message);
        }
    }

    /** Decodes {@code body} into a JSON object with apiVersion and kind set. */
    static ObjectNode decode(byte[] body) throws UndecodableBody {
        if (body.length < MAGIC.length) {
            throw new UndecodableBody("protobuf body is shorter than its 4-byte prefix");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                throw new UndecodableBody("protobuf body does not start with the k8s\\0 prefix");
            }
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw new UndecodableBody("protobuf body is not a runtime.Unknown: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            throw new UndecodableBody("protobuf body names no apiVersion/kind");
        }
        Message prototype = prototype(apiVersion, kind);
        if (prototype == null) {
            throw new UndecodableBody("protobuf bodies of " + apiVersion + " " + kind + " are not supported");
        }
        Message message;
        try {
            message = prototype.getParserForType().parseFrom(unknown.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw new UndecodableBody("protobuf body is not a valid " + kind + ": " + e.getMessage());
        }
        ObjectNode object = NODES.objectNode();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        object.setAll(toJson(message));
        return object;
    }

    /** The empty message of {@code apiVersion}/{@code kind}, or {@code null} when client-java-proto has none. */
    private static Message prototype(String apiVersion, String kind) {
        String key = apiVersion + "/" + kind;
        Message cached = PROTOTYPES.get(key);
        if (cached != null) {
            return cached;
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (!kind.matches("[A-Z][A-Za-z0-9]*") || !version.matches("v[0-9a-z]+")) {
            return null;
        }
        String firstLabel = group.isEmpty() ? "" : group.split("\\.")[0];
        String outer = capitalize(version) + capitalize(firstLabel);
        try {
            Class<?> type = Class.forName(PROTO_PACKAGE + outer + "$" + kind);
            if (!Message.class.isAssignableFrom(type)) {
                return null;
            }
            Message message = (Message) type.getMethod("getDefaultInstance").invoke(null);
            PROTOTYPES.put(key, message);
            return message;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static ObjectNode toJson(Message message) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            JsonNode value;
            if (field.isMapField()) {
                value = mapValue(field, e.getValue());
            } else if (field.isRepeated()) {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) e.getValue()) {
                    array.add(scalarOrMessage(field, item));
                }
                value = array;
            } else {
                value = scalarOrMessage(field, e.getValue());
                if (isEmpty(value)) {
                    continue;
                }
                if (value.isObject() && INLINE.contains(field.getFullName())) {
                    out.setAll((ObjectNode) value);
                    continue;
                }
            }
            out.set(field.getName(), value);
        }
        return out;
    }

    private static JsonNode mapValue(FieldDescriptor field, Object entries) {
        ObjectNode map = NODES.objectNode();
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Object entry : (List<?>) entries) {
            Message m = (Message) entry;
            map.set(String.valueOf(m.getField(keyField)), scalarOrMessage(valueField, m.getField(valueField)));
        }
        return map;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull()
                || (value.isTextual() && value.textValue().isEmpty())
                || (value.isObject() && value.isEmpty());
    }

    private static JsonNode scalarOrMessage(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case INT:
                return NODES.numberNode((Integer) value);
            case LONG:
                return NODES.numberNode((Long) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case STRING:
                return NODES.textNode((String) value);
            case BYTE_STRING:
                return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM:
                return NODES.textNode(value.toString());
            case MESSAGE:
                return message((Message) value);
            default:
                return NODES.nullNode();
        }
    }

    private static JsonNode message(Message m) {
        String type = m.getDescriptorForType().getFullName();
        switch (type) {
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString": {
                long kind = (Long) field(m, "type");
                return kind == 0 ? NODES.numberNode((Integer) field(m, "intVal")) : NODES.textNode((String) field(m, "strVal"));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                return NODES.textNode((String) field(m, "string"));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time":
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": {
                long seconds = (Long) field(m, "seconds");
                int nanos = (Integer) field(m, "nanos");
                if (seconds == 0 && nanos == 0) {
                    return NODES.nullNode();
                }
                Instant t = Instant.ofEpochSecond(seconds, nanos);
                return NODES.textNode((type.endsWith("MicroTime") ? t.truncatedTo(ChronoUnit.MICROS)
                        : t.truncatedTo(ChronoUnit.SECONDS)).toString());
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
                return NODES.textNode(((Long) field(m, "duration")) / 1_000_000_000L + "s");
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
            case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1":
            case "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON": {
                ByteString raw = (ByteString) m.getField(m.getDescriptorForType().getFields().get(0));
                if (raw.isEmpty()) {
                    return NODES.nullNode();
                }
                try {
                    return JSON.readTree(raw.toByteArray());
                } catch (IOException e) {
                    return NODES.nullNode();
                }
            }
            default:
                return toJson(m);
        }
    }

    private static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }
}
