package io.gitops4j.testkit.kube;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.testkit.FakeKube;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The served types of a {@link FakeKube} as a target sees them: a kind in one version, a kind in its preferred
 * version (discovery's order: GA before beta before alpha), and the kind information discovery would report.
 * Reads the registry's current snapshot; stateless.
 */
final class FakeKubeTypes {
    private FakeKubeTypes() {}

    /** @return the type serving {@code kind} in {@code version}, if served */
    static Optional<ResourceType> exact(FakeKube kube, GroupKind kind, String version) {
        return kube.registry().types().stream().filter(t -> t.group().equals(kind.group())
                && t.kind().equals(kind.kind()) && t.version().equals(version)).findFirst();
    }

    /** @return the type serving {@code kind} in its preferred version, if served */
    static Optional<ResourceType> preferred(FakeKube kube, GroupKind kind) {
        List<ResourceType> types = served(kube, kind);
        return types.isEmpty() ? Optional.empty() : Optional.of(types.get(0));
    }

    /** @return what discovery reports for {@code kind}: scope, served versions (preferred first), verbs */
    static Optional<KindInfo> info(FakeKube kube, GroupKind kind) {
        List<ResourceType> types = served(kube, kind);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        ResourceType first = types.get(0);
        return Optional.of(new KindInfo(kind, first.plural(), first.namespaced(),
                types.stream().map(ResourceType::version).toList(), new HashSet<>(first.verbs())));
    }

    /** @return every served kind once */
    static List<GroupKind> kinds(FakeKube kube) {
        return kube.registry().types().stream().map(t -> new GroupKind(t.group(), t.kind())).distinct().toList();
    }

    private static List<ResourceType> served(FakeKube kube, GroupKind kind) {
        return kube.registry().types().stream()
                .filter(t -> t.group().equals(kind.group()) && t.kind().equals(kind.kind()))
                .sorted((a, b) -> ResourceRegistry.VERSION_PRIORITY.compare(a.version(), b.version())).toList();
    }
}
