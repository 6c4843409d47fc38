package io.gitops4j.api;

import io.gitops4j.api.render.RenderPolicy;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.KubernetesNames;
import io.gitops4j.api.source.SourceSpec;

/**
 * One unit of desired state: where it comes from, how it is rendered, where it goes, and the policy.
 *
 * @param name a DNS-1123 label identifying the Application (it labels every object it owns)
 * @param source the repository, ref and path
 * @param render the renderer and its options
 * @param targetNamespace the namespace of namespaced objects that name none; {@code ""} to require one in each
 * @param syncPolicy when and how to reconcile
 * @param policy what the rendered objects may contain (RD-16); a render outside it fails before any write
 * @param createNamespace whether a missing target namespace is created (default {@link NamespaceCreation#NEVER})
 * @param destination the name of the cluster (a target the reconciler's builder registered under that name) the
 *     Application goes to; {@code ""} for the reconciler's default target
 */
public record Application(String name, SourceSpec source, RenderSpec render, String targetNamespace,
        SyncPolicy syncPolicy, RenderPolicy policy, NamespaceCreation createNamespace, String destination) {
    /** @throws InvalidSpecException for an invalid name, namespace or destination name */
    public Application {
        KubernetesNames.requireDns1123Label(name, "name");
        Checks.notNull(source, "source");
        Checks.notNull(render, "render");
        Checks.notNull(targetNamespace, "targetNamespace");
        if (!targetNamespace.isEmpty()) {
            KubernetesNames.requireNamespace(targetNamespace, "targetNamespace");
        }
        Checks.notNull(syncPolicy, "syncPolicy");
        Checks.notNull(policy, "policy");
        Checks.notNull(createNamespace, "createNamespace");
        Checks.notNull(destination, "destination");
        if (!destination.isEmpty()) {
            KubernetesNames.requireDns1123Label(destination, "destination");
        }
    }

    /**
     * @return a builder with plain YAML rendering, no target namespace (and none created), the automated sync
     *     policy, the permissive render policy and the reconciler's default target as destination
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return a copy with another policy */
    public Application withSyncPolicy(SyncPolicy policy) {
        return new Application(name, source, render, targetNamespace, policy, this.policy, createNamespace,
                destination);
    }

    /** @return a copy with another source */
    public Application withSource(SourceSpec spec) {
        return new Application(name, spec, render, targetNamespace, syncPolicy, policy, createNamespace,
                destination);
    }

    /** @return a copy that creates a missing target namespace (or not) as {@code value} says */
    public Application withCreateNamespace(NamespaceCreation value) {
        return new Application(name, source, render, targetNamespace, syncPolicy, policy, value, destination);
    }

    /** @return a copy going to the target registered under {@code value} ({@code ""}: the default target) */
    public Application withDestination(String value) {
        return new Application(name, source, render, targetNamespace, syncPolicy, policy, createNamespace, value);
    }

    /** Builds an {@link Application}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private SourceSpec source;
        private RenderSpec render = RenderSpec.plainYaml();
        private String targetNamespace = "";
        private SyncPolicy syncPolicy = SyncPolicy.automated();
        private RenderPolicy policy = RenderPolicy.permissive();
        private NamespaceCreation createNamespace = NamespaceCreation.NEVER;
        private String destination = "";

        private Builder(String name) {
            this.name = name;
        }

        /** @return this builder with the source set */
        public Builder source(SourceSpec value) {
            this.source = value;
            return this;
        }

        /** @return this builder with the render spec set */
        public Builder renderer(RenderSpec value) {
            this.render = value;
            return this;
        }

        /** @return this builder with the target namespace set */
        public Builder targetNamespace(String value) {
            this.targetNamespace = value;
            return this;
        }

        /** @return this builder with the policy set */
        public Builder syncPolicy(SyncPolicy value) {
            this.syncPolicy = value;
            return this;
        }

        /** @return this builder with the render policy set (what rendered objects may contain) */
        public Builder policy(RenderPolicy value) {
            this.policy = value;
            return this;
        }

        /** @return this builder creating a missing target namespace as {@code value} says (default NEVER) */
        public Builder createNamespace(NamespaceCreation value) {
            this.createNamespace = value;
            return this;
        }

        /**
         * @return this builder going to the cluster the reconciler registered under this name (default {@code ""}:
         *     the reconciler's default target)
         */
        public Builder destination(String value) {
            this.destination = value;
            return this;
        }

        /**
         * @return the Application
         * @throws InvalidSpecException when a value is invalid; NullPointerException when the source is missing
         */
        public Application build() {
            return new Application(name, source, render, targetNamespace, syncPolicy, policy, createNamespace,
                    destination);
        }
    }
}
