package io.gitops4j.testkit.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Content types the fake API server reads and writes, and the parsing of {@code Accept} headers. */
final class MediaTypes {
    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH_YAML = "application/apply-patch+yaml";
    static final String APPLY_PATCH_CBOR = "application/apply-patch+cbor";

    /** One media range of an Accept header: {@code type/subtype} plus the {@code as}, {@code v}, {@code g} params. */
    record Range(String type, String as, String version, String group) {
        boolean isJsonLike() {
            return type.equals(JSON) || type.equals("*/*") || type.equals("application/*");
        }
    }

    private MediaTypes() {
    }

    /** The media ranges of {@code accept}, in the order given (an absent header means JSON). */
    static List<Range> parseAccept(String accept) {
        List<Range> out = new ArrayList<>();
        if (accept == null || accept.isBlank()) {
            out.add(new Range(JSON, "", "", ""));
            return out;
        }
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            String as = "";
            String v = "";
            String g = "";
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                switch (name) {
                    case "as" -> as = value;
                    case "v" -> v = value;
                    case "g" -> g = value;
                    default -> {
                    }
                }
            }
            if (!type.isEmpty()) {
                out.add(new Range(type, as, v, g));
            }
        }
        return out;
    }

    /**
     * The Table version ({@code v1} or {@code v1beta1}) the request asks for before any plain JSON, or empty when
     * it wants plain objects.
     */
    static String tableVersion(String accept) {
        for (Range r : parseAccept(accept)) {
            if (r.as().equals("Table") && r.group().equals("meta.k8s.io")
                    && (r.version().equals("v1") || r.version().equals("v1beta1"))) {
                return r.version();
            }
            if (r.as().isEmpty() && r.isJsonLike()) {
                return "";
            }
        }
        return "";
    }

    /**
     * The aggregated discovery version ({@code v2} or {@code v2beta1}) the request asks for before any plain JSON,
     * or empty for legacy discovery.
     */
    static String aggregatedDiscoveryVersion(String accept) {
        for (Range r : parseAccept(accept)) {
            if (r.as().equals("APIGroupDiscoveryList") && r.group().equals("apidiscovery.k8s.io")
                    && (r.version().equals("v2") || r.version().equals("v2beta1"))) {
                return r.version();
            }
            if (r.as().isEmpty() && r.isJsonLike()) {
                return "";
            }
        }
        return "";
    }

    /** The media type of a {@code Content-Type} header without parameters, lower case; empty when absent. */
    static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
