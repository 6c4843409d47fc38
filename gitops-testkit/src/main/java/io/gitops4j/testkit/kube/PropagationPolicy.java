package io.gitops4j.testkit.kube;

/** How deleting an owner treats its dependents (objects whose {@code ownerReferences} name it). */
public enum PropagationPolicy {
    /** Delete the owner now, then its dependents (the default). */
    BACKGROUND("Background"),
    /** Keep the owner (deletionTimestamp + {@code foregroundDeletion} finalizer) until its dependents are gone. */
    FOREGROUND("Foreground"),
    /** Delete the owner and strip the owner reference from its dependents, which stay. */
    ORPHAN("Orphan");

    private final String wireName;

    PropagationPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire ({@code Background}). */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name.
     *
     * @throws FakeKubeException 400 BadRequest for an unknown name
     */
    public static PropagationPolicy parse(String name) {
        for (PropagationPolicy p : values()) {
            if (p.wireName.equals(name)) {
                return p;
            }
        }
        throw FakeKubeException.badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: "
                + "Unsupported value: \"" + name + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
    }
}
