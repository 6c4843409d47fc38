package io.gitops4j.testkit.server;

import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests that carry {@code Impersonate-User} (and {@code Impersonate-Group}) headers are authorized as that user
 * with the RBAC objects stored in the fake, as an API server with the RBAC authorizer does. So is a request
 * authenticated by a client certificate (its CN the user, its O entries the groups) on a server with TLS, unless one
 * of the groups is {@code system:masters}. Other requests come from the cluster's administrator and are allowed, as
 * before. Only resource requests are checked.
 *
 * <p>What is evaluated: ClusterRoleBindings (their ClusterRole's rules, everywhere) and the RoleBindings of the
 * request's namespace (their Role's or ClusterRole's rules, in that namespace); subjects of kind User, Group and
 * ServiceAccount ({@code system:serviceaccount:NS:NAME}); rules by {@code apiGroups}, {@code resources} (with
 * {@code resource/subresource} and {@code *}), {@code verbs} and {@code resourceNames}. The impersonated user is in
 * {@code system:authenticated}, and a ServiceAccount impersonated without groups in {@code system:serviceaccounts}
 * and {@code system:serviceaccounts:NS}, as the server adds them. Not evaluated: aggregated ClusterRoles, the
 * requester's own right to impersonate (taken as granted, also to a client-certificate user), non-resource URLs.
 *
 * <p>A refusal is 403 {@code Forbidden} worded as the server words it: {@code configmaps "x" is forbidden: User "u"
 * cannot patch resource "configmaps" in API group "" in the namespace "shop"}.
 */
final class Impersonation {
    private static final String RBAC = "rbac.authorization.k8s.io";
    /** The group a real API server lets do everything without consulting RBAC. */
    private static final String MASTERS = "system:masters";

    private Impersonation() {}

    /** @throws FakeKubeException 403 when an impersonated request is not allowed */
    static void authorize(FakeKube kube, Exchange ex, ApiPath p, ResourceType type, String verb) {
        String user = ex.header("Impersonate-User");
        Set<String> groups = new LinkedHashSet<>();
        if (user == null || user.isEmpty()) {
            var subject = ex.clientSubject();
            if (subject.isEmpty() || subject.get().groups().contains(MASTERS)) {
                return;
            }
            user = subject.get().user();
            groups.addAll(subject.get().groups());
        } else {
            List<String> given = ex.http().getRequestHeaders().get("Impersonate-Group");
            if (given != null) {
                groups.addAll(given);
            }
        }
        if (groups.isEmpty() && user.startsWith("system:serviceaccount:")) {
            String[] parts = user.split(":");
            if (parts.length == 4) {
                groups.add("system:serviceaccounts");
                groups.add("system:serviceaccounts:" + parts[2]);
            }
        }
        groups.add("system:authenticated");
        String namespace = p.namespace();
        if (namespace.isEmpty() && p.group().isEmpty() && p.resource().equals("namespaces")) {
            namespace = p.name();
        }
        String resource = p.subresource().isEmpty() ? p.resource() : p.resource() + "/" + p.subresource();
        for (Map<String, Object> rule : rules(kube, user, groups, namespace)) {
            if (matches(rule, p.group(), resource, p.name(), verb)) {
                return;
            }
        }
        String what = p.name().isEmpty() ? type.plural() + (type.group().isEmpty() ? "" : "." + type.group())
                : type.plural() + (type.group().isEmpty() ? "" : "." + type.group()) + " \"" + p.name() + "\"";
        String where = p.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + p.namespace() + "\"";
        throw FakeKubeException.forbidden(type, p.name(), what + " is forbidden: User \"" + user + "\" cannot "
                + verb + " resource \"" + resource + "\" in API group \"" + p.group() + "\" " + where, List.of());
    }

    private static List<Map<String, Object>> rules(FakeKube kube, String user, Set<String> groups, String namespace) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> b : list(kube, "clusterrolebindings", "")) {
            if (bound(b, user, groups, "")) {
                out.addAll(roleRules(kube, b, ""));
            }
        }
        if (!namespace.isEmpty()) {
            for (Map<String, Object> b : list(kube, "rolebindings", namespace)) {
                if (bound(b, user, groups, namespace)) {
                    out.addAll(roleRules(kube, b, namespace));
                }
            }
        }
        return out;
    }

    private static boolean bound(Map<String, Object> binding, String user, Set<String> groups, String namespace) {
        for (Object o : list(binding.get("subjects"))) {
            if (!(o instanceof Map<?, ?> s)) {
                continue;
            }
            String kind = String.valueOf(s.get("kind"));
            String name = String.valueOf(s.get("name"));
            switch (kind) {
                case "User":
                    if (name.equals(user)) {
                        return true;
                    }
                    break;
                case "Group":
                    if (groups.contains(name)) {
                        return true;
                    }
                    break;
                case "ServiceAccount":
                    Object ns = s.get("namespace");
                    String saNs = ns == null || String.valueOf(ns).isEmpty() ? namespace : String.valueOf(ns);
                    if (user.equals("system:serviceaccount:" + saNs + ":" + name)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    private static List<Map<String, Object>> roleRules(FakeKube kube, Map<String, Object> binding, String namespace) {
        Map<?, ?> ref = binding.get("roleRef") instanceof Map<?, ?> m ? m : Map.of();
        String kind = String.valueOf(ref.get("kind"));
        String name = String.valueOf(ref.get("name"));
        boolean cluster = kind.equals("ClusterRole");
        if (!cluster && (!kind.equals("Role") || namespace.isEmpty())) {
            return List.of();
        }
        try {
            Map<String, Object> role = kube.get(kube.type(RBAC, "v1", cluster ? "clusterroles" : "roles"),
                    cluster ? "" : namespace, name);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object r : list(role.get("rules"))) {
                if (r instanceof Map<?, ?> rule) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    rule.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    out.add(copy);
                }
            }
            return out;
        } catch (FakeKubeException e) {
            return List.of(); // a binding to a role that does not exist grants nothing
        }
    }

    private static boolean matches(Map<String, Object> rule, String group, String resource, String name,
                                   String verb) {
        List<?> names = list(rule.get("resourceNames"));
        String sub = resource.contains("/") ? "*" + resource.substring(resource.indexOf('/')) : "";
        return (contains(rule.get("verbs"), verb) || contains(rule.get("verbs"), "*"))
                && (contains(rule.get("apiGroups"), group) || contains(rule.get("apiGroups"), "*"))
                && (contains(rule.get("resources"), resource) || contains(rule.get("resources"), "*")
                        || (!sub.isEmpty() && contains(rule.get("resources"), sub)))
                && (names.isEmpty() || (!name.isEmpty() && names.contains(name)));
    }

    private static boolean contains(Object list, String value) {
        return list(list).contains(value);
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static List<Map<String, Object>> list(FakeKube kube, String plural, String namespace) {
        return kube.list(kube.type(RBAC, "v1", plural), namespace, ListOptions.defaults()).items();
    }
}
