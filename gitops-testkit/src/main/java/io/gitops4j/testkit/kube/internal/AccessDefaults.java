package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * v1.33 defaults of the access-control kinds: RBAC bindings (roleRef.apiGroup, subject apiGroup by kind) and
 * admission webhook configurations (failurePolicy Fail, matchPolicy Equivalent, empty namespace/object selectors,
 * timeoutSeconds 10, reinvocationPolicy Never for mutating hooks, rule scope "*", service port 443). Only absent
 * fields are set. Stateless.
 */
final class AccessDefaults {

    private static final String RBAC = "rbac.authorization.k8s.io";

    private AccessDefaults() {
    }

    /** A RoleBinding or ClusterRoleBinding (fields at the top level). */
    static void binding(Map<String, Object> object) {
        Map<String, Object> roleRef = Trees.map(object, "roleRef");
        if (roleRef != null && Trees.string(roleRef, "apiGroup").isEmpty()) {
            roleRef.put("apiGroup", RBAC);
        }
        for (Map<String, Object> subject : maps(Trees.list(object, "subjects"))) {
            if (!Trees.string(subject, "apiGroup").isEmpty()) {
                continue;
            }
            switch (Trees.string(subject, "kind")) {
                case "ServiceAccount" -> subject.put("apiGroup", "");
                case "User", "Group" -> subject.put("apiGroup", RBAC);
                default -> {
                }
            }
        }
    }

    /** A Validating- or MutatingWebhookConfiguration. */
    static void webhooks(Map<String, Object> object, boolean mutating) {
        for (Map<String, Object> hook : maps(Trees.list(object, "webhooks"))) {
            putIfEmpty(hook, "failurePolicy", "Fail");
            putIfEmpty(hook, "matchPolicy", "Equivalent");
            hook.putIfAbsent("namespaceSelector", new LinkedHashMap<>());
            hook.putIfAbsent("objectSelector", new LinkedHashMap<>());
            hook.putIfAbsent("timeoutSeconds", 10L);
            if (mutating) {
                putIfEmpty(hook, "reinvocationPolicy", "Never");
            }
            for (Map<String, Object> rule : maps(Trees.list(hook, "rules"))) {
                putIfEmpty(rule, "scope", "*");
            }
            Map<String, Object> service = Trees.map(Trees.map(hook, "clientConfig"), "service");
            if (service != null) {
                service.putIfAbsent("port", 443L);
            }
        }
    }

    private static void putIfEmpty(Map<String, Object> map, String key, String value) {
        if (Trees.string(map, key).isEmpty()) {
            map.put(key, value);
        }
    }
}
