package io.gitops4j.api;

/**
 * Whether the engine creates an Application's target namespace when it is missing (Argo CD's
 * {@code CreateNamespace=true} sync option). A namespace the manifests declare themselves is an ordinary object and
 * unaffected by this setting.
 */
public enum NamespaceCreation {
    /**
     * The default: the target namespace must exist or be among the manifests; a namespaced object going to a
     * missing namespace fails with the server's {@code namespaces "…" not found}.
     */
    NEVER,
    /**
     * A missing target namespace is created before anything else, labelled as the Application's. It is not
     * recorded in the inventory, so it is never pruned; a namespace that already exists is left as it is.
     */
    CREATE,
    /**
     * As {@link #CREATE}, and the namespace created is recorded in the inventory like any object the Application
     * owns: it is pruned when it is no longer needed (the target namespace changed, or the option was switched
     * back to {@link #NEVER}), held by the prune guard until confirmed like every Namespace prune (PR-03). A
     * namespace the Application did not create is never recorded, hence never pruned.
     */
    CREATE_AND_PRUNE
}
