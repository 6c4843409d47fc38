package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.target.ObjectOutcome;
import java.util.ArrayList;
import java.util.List;

/** Reports of the objects of a plan that is not written (or not any further). Stateless. */
final class Reports {
    private Reports() {}

    /** @return one report per planned change: UNCHANGED stays, a write not made or a SKIP is SKIPPED */
    static List<ObjectReport> notWritten(Plan plan, String why) {
        List<ObjectReport> out = new ArrayList<>();
        plan.changes().changes().forEach(c -> out.add(notWritten(c, why)));
        return out;
    }

    /** @return the report of one change that is not written, and why ({@code why} for writes, the reason for SKIP) */
    static ObjectReport notWritten(Change c, String why) {
        switch (c.action()) {
            case UNCHANGED:
                return ObjectReport.of(c, ObjectOutcome.UNCHANGED, "");
            case SKIP:
                return ObjectReport.of(c, ObjectOutcome.SKIPPED, c.reason());
            default:
                return ObjectReport.of(c, ObjectOutcome.SKIPPED, why);
        }
    }
}
