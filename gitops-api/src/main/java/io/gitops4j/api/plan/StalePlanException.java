package io.gitops4j.api.plan;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.resource.ObjectId;
import java.util.List;

/**
 * A plan was not applied because it is no longer what applying it would do; nothing was written. Its message names
 * the plan and what changed (never an object's content).
 */
public class StalePlanException extends GitOpsException {
    private static final long serialVersionUID = 1L;

    /** What made the plan stale, checked in this order. */
    public enum Reason {
        /** The plan's ref resolves to another commit now. */
        REVISION_MOVED,
        /** The plan's revision renders to another desired state now (the Application's settings changed). */
        DESIRED_CHANGED,
        /** A live object the plan saw has another UID or resourceVersion, or is gone, or one it did not see exists. */
        LIVE_CHANGED,
        /** Planning again gives other changes (the inventory changed, or the guards decide otherwise). */
        CHANGES_DIFFER
    }

    private final String planId;
    private final Reason reason;
    private final transient List<ObjectId> objects;

    /**
     * @param planId the stale plan's {@link Plan#id()}
     * @param reason what made it stale
     * @param objects the objects concerned (empty for REVISION_MOVED and DESIRED_CHANGED)
     * @param message the whole message, starting with the plan
     */
    public StalePlanException(String planId, Reason reason, List<ObjectId> objects, String message) {
        super(message);
        this.planId = planId;
        this.reason = reason;
        this.objects = List.copyOf(objects);
    }

    /** @return the stale plan's id */
    public String planId() {
        return planId;
    }

    /** @return what made the plan stale */
    public Reason reason() {
        return reason;
    }

    /** @return the objects concerned, sorted; empty when the reason is not about objects */
    public List<ObjectId> objects() {
        return objects;
    }
}
