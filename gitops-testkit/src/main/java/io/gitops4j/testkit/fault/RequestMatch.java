package io.gitops4j.testkit.fault;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests a fault rule applies to: verbs, resource, namespace and name; an empty part matches anything.
 *
 * @param verbs     the verbs; empty for every verb (non-resource requests such as discovery included)
 * @param resource  a resource plural ({@code deployments}), optionally group-qualified ({@code deployments.apps}) or
 *                  with a subresource ({@code deployments/status}); a kind ({@code Deployment}) also matches;
 *                  {@code ""} for any
 * @param namespace the namespace, {@code ""} for any
 * @param name      the object name, {@code ""} for any
 */
public record RequestMatch(Set<Verb> verbs, String resource, String namespace, String name) {

    public RequestMatch {
        verbs = verbs == null || verbs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(verbs));
        resource = resource == null ? "" : resource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** Matches every request. */
    public static RequestMatch any() {
        return new RequestMatch(Set.of(), "", "", "");
    }

    /** Whether {@code request} is one of these. */
    public boolean matches(RequestInfo request) {
        Objects.requireNonNull(request, "request");
        if (!verbs.isEmpty() && Verb.fromWireName(request.verb()).filter(verbs::contains).isEmpty()) {
            return false;
        }
        if (!namespace.isEmpty() && !namespace.equals(request.namespace())) {
            return false;
        }
        if (!name.isEmpty() && !name.equals(request.name())) {
            return false;
        }
        return resource.isEmpty() || resourceMatches(request);
    }

    private boolean resourceMatches(RequestInfo r) {
        if (r.resource().isEmpty()) {
            return false;
        }
        String wanted = resource;
        String sub = "";
        int slash = wanted.indexOf('/');
        if (slash >= 0) {
            sub = wanted.substring(slash + 1);
            wanted = wanted.substring(0, slash);
        }
        if (!sub.equals(r.subresource()) && slash >= 0) {
            return false;
        }
        return wanted.equals(r.resource()) || wanted.equals(r.groupResource())
                || wanted.toLowerCase(Locale.ROOT).equals(kindGuess(r.resource()));
    }

    /** {@code deployments} → {@code deployment}: lets a rule name the kind instead of the plural. */
    private static String kindGuess(String plural) {
        if (plural.endsWith("ies")) {
            return plural.substring(0, plural.length() - 3) + "y";
        }
        if (plural.endsWith("sses") || plural.endsWith("ches") || plural.endsWith("xes")) {
            return plural.substring(0, plural.length() - 2);
        }
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }

    @Override
    public String toString() {
        return (verbs.isEmpty() ? "*" : verbs.toString()) + " " + (resource.isEmpty() ? "*" : resource) + " "
                + (namespace.isEmpty() ? "*" : namespace) + "/" + (name.isEmpty() ? "*" : name);
    }
}
