package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Options of the Kustomize renderer. The overrides are written as an overlay kustomization around the path.
 *
 * @param images image overrides in kustomize's {@code edit set image} form: {@code name=newName:tag} or {@code name:tag}
 * @param namePrefix prefix for every name, {@code ""} for none
 * @param nameSuffix suffix for every name, {@code ""} for none
 * @param namespace namespace for every namespaced object, {@code ""} to keep
 * @param commonLabels labels added to every object
 * @param commonAnnotations annotations added to every object
 * @param replicas replica counts by workload name
 * @param patches inline patches (strategic merge or JSON 6902 in kustomize's {@code patches:} form, as YAML text)
 * @param components component directories, relative to the render path
 * @param enableHelm whether {@code helmCharts:} may be used ({@code --enable-helm})
 * @param allowedRemoteBases URL prefixes remote bases may come from; empty means none. An entry is allowed when, after
 *     normalisation (scheme and host in lower case, default port and user information dropped, dot segments
 *     removed, {@code user@host:path} read as {@code ssh://host/path}), it has the prefix's scheme, host and port
 *     and its path continues the prefix's path at a {@code /}
 * @param timeout how long kustomize may run
 */
public record KustomizeOptions(List<String> images, String namePrefix, String nameSuffix, String namespace,
        Map<String, String> commonLabels, Map<String, String> commonAnnotations, Map<String, Integer> replicas,
        List<String> patches, List<String> components, boolean enableHelm, List<String> allowedRemoteBases,
        Duration timeout) implements RenderOptions {

    /** Copies collections; checks the timeout. */
    public KustomizeOptions {
        images = List.copyOf(Checks.notNull(images, "images"));
        Checks.notNull(namePrefix, "namePrefix");
        Checks.notNull(nameSuffix, "nameSuffix");
        Checks.notNull(namespace, "namespace");
        commonLabels = Map.copyOf(Checks.notNull(commonLabels, "commonLabels"));
        commonAnnotations = Map.copyOf(Checks.notNull(commonAnnotations, "commonAnnotations"));
        replicas = Map.copyOf(Checks.notNull(replicas, "replicas"));
        patches = List.copyOf(Checks.notNull(patches, "patches"));
        components = List.copyOf(Checks.notNull(components, "components"));
        allowedRemoteBases = List.copyOf(Checks.notNull(allowedRemoteBases, "allowedRemoteBases"));
        Checks.notNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new io.gitops4j.api.InvalidSpecException("timeout", "must be positive");
        }
    }

    /** @return no overrides, no Helm, no remote bases, a 90 s timeout */
    public static KustomizeOptions defaults() {
        return new KustomizeOptions(List.of(), "", "", "", Map.of(), Map.of(), Map.of(), List.of(), List.of(),
                false, List.of(), Duration.ofSeconds(90));
    }

    /** @return a copy with these image overrides ({@code name=newName:tag} or {@code name:tag}) */
    public KustomizeOptions withImages(List<String> value) {
        return new KustomizeOptions(value, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                replicas, patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy with this name prefix ({@code ""} for none) */
    public KustomizeOptions withNamePrefix(String value) {
        return new KustomizeOptions(images, value, nameSuffix, namespace, commonLabels, commonAnnotations, replicas,
                patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy with this name suffix ({@code ""} for none) */
    public KustomizeOptions withNameSuffix(String value) {
        return new KustomizeOptions(images, namePrefix, value, namespace, commonLabels, commonAnnotations, replicas,
                patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy setting this namespace on every namespaced object ({@code ""} to keep theirs) */
    public KustomizeOptions withNamespace(String value) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, value, commonLabels, commonAnnotations, replicas,
                patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy adding these labels to every object */
    public KustomizeOptions withCommonLabels(Map<String, String> value) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, value, commonAnnotations, replicas,
                patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy adding these annotations to every object */
    public KustomizeOptions withCommonAnnotations(Map<String, String> value) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, value, replicas,
                patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy with these replica counts by workload name */
    public KustomizeOptions withReplicas(Map<String, Integer> value) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                value, patches, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy with these inline patches (YAML text in kustomize's {@code patches:} form) */
    public KustomizeOptions withPatches(List<String> value) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                replicas, value, components, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy with these component directories (relative to the render path) */
    public KustomizeOptions withComponents(List<String> dirs) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                replicas, patches, dirs, enableHelm, allowedRemoteBases, timeout);
    }

    /** @return a copy with Helm chart inflation enabled or not */
    public KustomizeOptions withEnableHelm(boolean enable) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                replicas, patches, components, enable, allowedRemoteBases, timeout);
    }

    /** @return a copy with these allowed remote base prefixes (compared after URL normalisation) */
    public KustomizeOptions withAllowedRemoteBases(List<String> prefixes) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                replicas, patches, components, enableHelm, prefixes, timeout);
    }

    /** @return a copy with another timeout */
    public KustomizeOptions withTimeout(Duration t) {
        return new KustomizeOptions(images, namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations,
                replicas, patches, components, enableHelm, allowedRemoteBases, t);
    }

    /** @return true when any override needs an overlay around the path */
    public boolean hasOverrides() {
        return !images.isEmpty() || !namePrefix.isEmpty() || !nameSuffix.isEmpty() || !namespace.isEmpty()
                || !commonLabels.isEmpty() || !commonAnnotations.isEmpty() || !replicas.isEmpty()
                || !patches.isEmpty() || !components.isEmpty();
    }

    /** @return a stable text: maps sorted */
    @Override
    public String fingerprint() {
        return "KustomizeOptions[" + images + "|" + namePrefix + "|" + nameSuffix + "|" + namespace + "|"
                + new java.util.TreeMap<>(commonLabels) + "|" + new java.util.TreeMap<>(commonAnnotations) + "|"
                + new java.util.TreeMap<>(replicas) + "|" + patches + "|" + components + "|" + enableHelm + "|"
                + allowedRemoteBases + "]";
    }
}
