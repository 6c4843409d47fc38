package io.gitops4j.testkit.kube.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * v1.33 defaults of a CustomResourceDefinition's spec: {@code names.singular} (the kind in lower case),
 * {@code names.listKind} (the kind + "List"), {@code conversion.strategy: None}, and port 443 for a conversion
 * webhook's service. Only absent fields are set. Stateless.
 */
final class ExtensionDefaults {

    private ExtensionDefaults() {
    }

    static void customResourceDefinition(Map<String, Object> spec) {
        Map<String, Object> names = Trees.map(spec, "names");
        String kind = Trees.string(names, "kind");
        if (names != null && Trees.string(names, "singular").isEmpty()) {
            names.put("singular", kind.toLowerCase(Locale.ROOT));
        }
        if (names != null && Trees.string(names, "listKind").isEmpty() && !kind.isEmpty()) {
            names.put("listKind", kind + "List");
        }
        Map<String, Object> conversion = Trees.map(spec, "conversion");
        if (conversion == null) {
            conversion = new LinkedHashMap<>();
            conversion.put("strategy", "None");
            spec.put("conversion", conversion);
        }
        Map<String, Object> service = Trees.map(Trees.map(Trees.map(conversion, "webhook"), "clientConfig"),
                "service");
        if (service != null) {
            service.putIfAbsent("port", 443L);
        }
    }
}
