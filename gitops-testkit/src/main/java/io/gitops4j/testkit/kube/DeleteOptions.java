package io.gitops4j.testkit.kube;

import java.util.List;
import java.util.Map;

/**
 * Options of a delete, from the query string and/or a {@code DeleteOptions} body.
 *
 * @param dryRun                       {@code dryRun=All}
 * @param propagationPolicy            how dependents are treated
 * @param uidPrecondition              {@code preconditions.uid}; empty for none (mismatch → 409)
 * @param resourceVersionPrecondition  {@code preconditions.resourceVersion}; empty for none (mismatch → 409)
 * @param gracePeriodSeconds           {@code gracePeriodSeconds}; -1 when not given (accepted, deletes are immediate)
 */
public record DeleteOptions(boolean dryRun, PropagationPolicy propagationPolicy, String uidPrecondition,
                            String resourceVersionPrecondition, long gracePeriodSeconds) {

    public DeleteOptions {
        propagationPolicy = propagationPolicy == null ? PropagationPolicy.BACKGROUND : propagationPolicy;
        uidPrecondition = uidPrecondition == null ? "" : uidPrecondition;
        resourceVersionPrecondition = resourceVersionPrecondition == null ? "" : resourceVersionPrecondition;
    }

    /** Background propagation, no preconditions. */
    public static DeleteOptions defaults() {
        return new DeleteOptions(false, PropagationPolicy.BACKGROUND, "", "", -1);
    }

    /**
     * Reads a {@code DeleteOptions} body ({@code propagationPolicy}, {@code orphanDependents},
     * {@code preconditions}, {@code dryRun}, {@code gracePeriodSeconds}) and the query parameters; query values win
     * where both are given, as on the real server.
     *
     * @param body  the parsed body, or an empty map
     * @param query query parameters
     * @throws FakeKubeException 400 for an unknown policy or dry-run value
     */
    public static DeleteOptions from(Map<String, Object> body, Map<String, String> query) {
        Map<String, Object> b = body == null ? Map.of() : body;
        PropagationPolicy policy = PropagationPolicy.BACKGROUND;
        Object orphan = b.get("orphanDependents");
        if (Boolean.TRUE.equals(orphan)) {
            policy = PropagationPolicy.ORPHAN;
        }
        if (b.get("propagationPolicy") instanceof String p) {
            policy = PropagationPolicy.parse(p);
        }
        if ("true".equals(query.get("orphanDependents"))) {
            policy = PropagationPolicy.ORPHAN;
        }
        if (query.containsKey("propagationPolicy")) {
            policy = PropagationPolicy.parse(query.get("propagationPolicy"));
        }
        boolean dryRun = false;
        if (b.get("dryRun") instanceof List<?> d && !d.isEmpty()) {
            dryRun = checkDryRun(String.valueOf(d.get(0)));
        }
        if (query.containsKey("dryRun")) {
            dryRun = checkDryRun(query.get("dryRun"));
        }
        String uid = "";
        String rv = "";
        if (b.get("preconditions") instanceof Map<?, ?> pre) {
            uid = pre.get("uid") == null ? "" : String.valueOf(pre.get("uid"));
            rv = pre.get("resourceVersion") == null ? "" : String.valueOf(pre.get("resourceVersion"));
        }
        long grace = -1;
        if (b.get("gracePeriodSeconds") instanceof Number n) {
            grace = n.longValue();
        }
        if (query.containsKey("gracePeriodSeconds")) {
            grace = ListOptions.parseLong(query.get("gracePeriodSeconds"), "gracePeriodSeconds");
        }
        return new DeleteOptions(dryRun, policy, uid, rv, grace);
    }

    private static boolean checkDryRun(String value) {
        if (value.isEmpty()) {
            return false;
        }
        if (!value.equals("All")) {
            throw FakeKubeException.badRequest("Invalid dry run value: " + value + ", supported values are: All");
        }
        return true;
    }

    public DeleteOptions withDryRun(boolean value) {
        return new DeleteOptions(value, propagationPolicy, uidPrecondition, resourceVersionPrecondition,
                gracePeriodSeconds);
    }

    public DeleteOptions withPropagationPolicy(PropagationPolicy value) {
        return new DeleteOptions(dryRun, value, uidPrecondition, resourceVersionPrecondition, gracePeriodSeconds);
    }

    public DeleteOptions withPreconditions(String uid, String resourceVersion) {
        return new DeleteOptions(dryRun, propagationPolicy, uid, resourceVersion, gracePeriodSeconds);
    }
}
