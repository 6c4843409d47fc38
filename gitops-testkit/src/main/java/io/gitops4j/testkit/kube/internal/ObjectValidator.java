package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates object metadata as the real API server does (names, labels, annotations, owner references) and fails
 * with 422 Invalid carrying one cause per problem, in the real message shapes. Stateless, thread-safe.
 */
public final class ObjectValidator {

    static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_1123_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String LABEL_1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or "
            + "'-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
            + "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    static final String NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
            + "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    static final String QUALIFIED_MSG = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
            + "subdomain prefix and '/' (e.g. 'example.com/MyName')";

    /** Total size limit of all annotation keys and values. */
    public static final int ANNOTATIONS_LIMIT = 262_144;

    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private ObjectValidator() {
    }

    /**
     * Validates the metadata of an object about to be stored.
     *
     * @throws FakeKubeException 422 Invalid with causes
     */
    public static void validate(ResourceType type, Map<String, Object> object) {
        List<Map<String, Object>> causes = new ArrayList<>();
        Map<String, Object> meta = Trees.map(object, "metadata");
        String name = Trees.string(meta, "name");
        if (name.isEmpty()) {
            causes.add(required("metadata.name", "name or generateName is required"));
        } else {
            for (String msg : nameProblems(type, name)) {
                causes.add(invalid("metadata.name", name, msg));
            }
        }
        validateLabels(Trees.map(meta, "labels"), causes);
        validateAnnotations(Trees.map(meta, "annotations"), causes);
        validateOwnerReferences(Trees.list(meta, "ownerReferences"), causes);
        if (!causes.isEmpty()) {
            throw FakeKubeException.invalid(type, name, causes);
        }
    }

    /** The problems of a name for a type (empty when valid). */
    public static List<String> nameProblems(ResourceType type, String name) {
        List<String> out = new ArrayList<>();
        if (type.group().isEmpty() && (type.plural().equals("namespaces"))) {
            check(name, 63, LABEL_1123, LABEL_1123_MSG, out);
        } else if (type.group().isEmpty() && type.plural().equals("services")) {
            check(name, 63, LABEL_1035, LABEL_1035_MSG, out);
        } else if (type.group().equals("rbac.authorization.k8s.io")) {
            if (name.equals(".") || name.equals("..")) {
                out.add("may not be '" + name + "'");
            }
            if (name.contains("/")) {
                out.add("may not contain '/'");
            }
            if (name.contains("%")) {
                out.add("may not contain '%'");
            }
        } else {
            check(name, 253, SUBDOMAIN, SUBDOMAIN_MSG, out);
        }
        return out;
    }

    private static void check(String value, int max, Pattern pattern, String msg, List<String> out) {
        if (value.length() > max) {
            out.add("must be no more than " + max + " characters");
        }
        if (!pattern.matcher(value).matches()) {
            out.add(msg);
        }
    }

    /** The problems of a qualified name ({@code prefix/name}) such as a label or annotation key. */
    public static List<String> qualifiedNameProblems(String key) {
        List<String> out = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                out.add("prefix part must be non-empty");
            } else {
                List<String> p = new ArrayList<>();
                check(prefix, 253, SUBDOMAIN, SUBDOMAIN_MSG, p);
                p.forEach(m -> out.add("prefix part " + m));
            }
        } else {
            out.add(QUALIFIED_MSG);
            return out;
        }
        if (name.isEmpty()) {
            out.add("name part must be non-empty");
        } else if (name.length() > 63) {
            out.add("name part must be no more than 63 characters");
        }
        if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
            out.add(NAME_PART_MSG);
        }
        return out;
    }

    private static void validateLabels(Map<String, Object> labels, List<Map<String, Object>> causes) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, Object> e : labels.entrySet()) {
            for (String msg : qualifiedNameProblems(e.getKey())) {
                causes.add(invalid("metadata.labels", e.getKey(), msg));
            }
            String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
            if (value.length() > 63) {
                causes.add(invalid("metadata.labels", value, "must be no more than 63 characters"));
            }
            if (!LABEL_VALUE.matcher(value).matches()) {
                causes.add(invalid("metadata.labels", value, LABEL_VALUE_MSG));
            }
        }
    }

    private static void validateAnnotations(Map<String, Object> annotations, List<Map<String, Object>> causes) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, Object> e : annotations.entrySet()) {
            for (String msg : qualifiedNameProblems(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                causes.add(invalid("metadata.annotations", e.getKey(), msg));
            }
            String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + value.getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > ANNOTATIONS_LIMIT) {
            causes.add(FakeKubeException.cause("FieldValueTooLong",
                    "Too long: may not be more than " + ANNOTATIONS_LIMIT + " bytes", "metadata.annotations"));
        }
    }

    private static void validateOwnerReferences(List<Object> refs, List<Map<String, Object>> causes) {
        if (refs == null) {
            return;
        }
        for (Object o : refs) {
            if (!(o instanceof Map<?, ?> raw)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> ref = (Map<String, Object>) raw;
            if (Trees.string(ref, "apiVersion").isEmpty()) {
                causes.add(invalid("metadata.ownerReferences.apiVersion", "", "version must not be empty"));
            }
            if (Trees.string(ref, "kind").isEmpty()) {
                causes.add(invalid("metadata.ownerReferences.kind", "", "kind must not be empty"));
            }
            if (Trees.string(ref, "name").isEmpty()) {
                causes.add(invalid("metadata.ownerReferences.name", "", "name must not be empty"));
            }
            if (Trees.string(ref, "uid").isEmpty()) {
                causes.add(invalid("metadata.ownerReferences.uid", "", "uid must not be empty"));
            }
        }
    }

    /** A FieldValueInvalid cause: {@code Invalid value: "v": msg}. */
    public static Map<String, Object> invalid(String field, String value, String msg) {
        return FakeKubeException.cause("FieldValueInvalid", "Invalid value: \"" + value + "\": " + msg, field);
    }

    /** A FieldValueRequired cause: {@code Required value: msg}. */
    public static Map<String, Object> required(String field, String msg) {
        return FakeKubeException.cause("FieldValueRequired", "Required value: " + msg, field);
    }
}
