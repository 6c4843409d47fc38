package io.gitops4j.core.merge;

import java.util.List;
import java.util.Map;

/** Builds the {@link ApplyOutcome} of an operation: writes managedFields, decides whether anything changed. */
final class Outcomes {

    private Outcomes() {
    }

    static ApplyOutcome finish(Map<String, Object> live, Map<String, Object> result,
                               List<ManagedFieldsEntry> before, ManagedFieldsList managers, boolean contentChanged) {
        List<ManagedFieldsEntry> after = managers.sorted();
        if (live != null && !contentChanged && ManagedFieldsList.sameEntries(before, after)) {
            List<ManagedFieldsEntry> same = new java.util.ArrayList<>(before);
            same.sort(ManagedFieldsList.ORDER);
            return new ApplyOutcome(Values.copyMap(live), false, same);
        }
        ManagedFieldsList.write(result, after);
        return new ApplyOutcome(result, true, after);
    }
}
