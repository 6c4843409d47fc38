package io.gitops4j.testkit.kube;

import java.util.Map;

/**
 * Options of a create, update or patch, as the query string carries them.
 *
 * @param dryRun          {@code dryRun=All}: validate and answer, store nothing, emit nothing
 * @param fieldManager    {@code fieldManager}; empty means "derive from the user agent" (required for apply)
 * @param force           {@code force=true}: an apply takes over conflicting fields
 * @param userAgent       the client's {@code User-Agent}, the manager name when none is given; may be empty
 * @param fieldValidation {@code Strict} (unknown fields → 400), {@code Warn} (dropped, one warning each; the
 *                        default when empty) or {@code Ignore} (dropped silently), judged by the kind's schema
 */
public record WriteOptions(boolean dryRun, String fieldManager, boolean force, String userAgent,
                           String fieldValidation) {

    public WriteOptions {
        fieldManager = fieldManager == null ? "" : fieldManager;
        userAgent = userAgent == null ? "" : userAgent;
        fieldValidation = fieldValidation == null ? "" : fieldValidation;
    }

    /** No dry run, no manager, no force. */
    public static WriteOptions defaults() {
        return new WriteOptions(false, "", false, "", "");
    }

    /** Options for a server-side apply by {@code manager}. */
    public static WriteOptions apply(String manager) {
        return defaults().withFieldManager(manager);
    }

    /**
     * Reads {@code dryRun}, {@code fieldManager}, {@code force}, {@code fieldValidation} from query parameters.
     *
     * @throws FakeKubeException 400 for a {@code dryRun} value other than {@code All}
     */
    public static WriteOptions fromQuery(Map<String, String> query, String userAgent) {
        String dry = query.getOrDefault("dryRun", "");
        if (!dry.isEmpty() && !dry.equals("All")) {
            throw FakeKubeException.badRequest("Invalid dry run value: " + dry + ", supported values are: All");
        }
        return new WriteOptions(dry.equals("All"), query.get("fieldManager"),
                "true".equals(query.get("force")), userAgent, query.get("fieldValidation"));
    }

    public WriteOptions withDryRun(boolean value) {
        return new WriteOptions(value, fieldManager, force, userAgent, fieldValidation);
    }

    public WriteOptions withFieldManager(String value) {
        return new WriteOptions(dryRun, value, force, userAgent, fieldValidation);
    }

    public WriteOptions withForce(boolean value) {
        return new WriteOptions(dryRun, fieldManager, value, userAgent, fieldValidation);
    }

    public WriteOptions withUserAgent(String value) {
        return new WriteOptions(dryRun, fieldManager, force, value, fieldValidation);
    }

    /**
     * The manager recorded in managedFields for an update: {@link #fieldManager()}, else the user agent up to its
     * first {@code /} (as the real server does), else {@code unknown}.
     */
    public String effectiveManager() {
        if (!fieldManager.isEmpty()) {
            return fieldManager;
        }
        if (!userAgent.isEmpty()) {
            int slash = userAgent.indexOf('/');
            return slash < 0 ? userAgent : userAgent.substring(0, slash);
        }
        return "unknown";
    }
}
