package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.time.Instant;
import java.util.List;

/**
 * The server dry-ran objects of a pass before writing them ({@code SyncPolicy.dryRunFirst}, DA-06): all the objects
 * the pass creates or updates before its first write, or, with {@code beforeStage}, those of one stage the server
 * could not judge earlier, just before that stage. The pass's result counts every dry run ({@code
 * ReconcileResult.dryRun()}) and its reports say why each refused object was refused.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param checked how many objects were dry-run
 * @param rejected the objects the server refused; when any, the pass writes nothing (from this stage on)
 * @param beforeStage false for the dry run before the pass's first write, true for one just before a stage
 * @param at when the dry run ended
 */
public record DryRunChecked(String application, String cluster, int checked, List<ResourceKey> rejected,
        boolean beforeStage, Instant at) implements ProgressEvent {
    /** Copies the list. @throws IllegalArgumentException when more objects were rejected than checked */
    public DryRunChecked {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notNegative(checked, "checked");
        rejected = List.copyOf(Checks.notNull(rejected, "rejected"));
        Checks.notNull(at, "at");
        if (rejected.size() > checked) {
            throw new IllegalArgumentException("more objects rejected than dry-run");
        }
    }
}
