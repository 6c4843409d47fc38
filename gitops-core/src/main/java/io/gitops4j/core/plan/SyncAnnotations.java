package io.gitops4j.core.plan;

import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.Manifest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The annotations that place an object in a sync: its wave ({@value #WAVE}: an integer, lower first, 0 when absent),
 * and whether it is a hook ({@value #HOOK}: {@code PreSync}, {@code PostSync} or both, comma-separated) with its
 * delete policies ({@value #HOOK_DELETE_POLICY}: {@code BeforeHookCreation}, {@code HookSucceeded}, {@code
 * HookFailed}; {@code BeforeHookCreation} when absent).
 *
 * <p>Argo CD's annotations of the same meaning ({@code argocd.argoproj.io/sync-wave}, {@code
 * argocd.argoproj.io/hook}, {@code argocd.argoproj.io/hook-delete-policy}) are honoured too, so a repository written
 * for Argo CD keeps its order and its hooks; gitops4j's win on an object that carries both. Argo CD hook types
 * gitops4j does not run ({@code Sync}, {@code SyncFail}, {@code Skip}, {@code PreDelete}, {@code PostDelete}) are
 * refused rather than applied as ordinary objects. On objects the Helm renderer produced, Helm's hook annotations are
 * honoured as Argo CD maps them: {@code pre-install}/{@code pre-upgrade} run as PreSync, {@code post-install}/{@code
 * post-upgrade} as PostSync, {@code helm.sh/hook-weight} is the hook's wave, {@code helm.sh/hook-delete-policy} its
 * policies; an object whose Helm hooks are all of other events ({@code test}, {@code pre-delete}, …) is left out of
 * the sync, as {@code helm install} leaves it out of the release, and {@code crd-install} alone is an ordinary
 * object.
 *
 * <p>gitops4j's and Argo CD's values are checked: an unknown phase, a wave that is not an integer or an unknown
 * policy fails the render ({@link RenderException} naming the file, the object, the annotation and the value: RD-27),
 * before anything is written. Helm's are read as Helm reads them: an unparsable weight counts as 0, an unknown policy
 * is ignored. Stateless.
 */
public final class SyncAnnotations {
    /** The wave annotation. */
    public static final String WAVE = "gitops4j.io/sync-wave";
    /** The hook annotation. */
    public static final String HOOK = "gitops4j.io/hook";
    /** The hook delete policy annotation. */
    public static final String HOOK_DELETE_POLICY = "gitops4j.io/hook-delete-policy";

    static final String ARGO_WAVE = "argocd.argoproj.io/sync-wave";
    static final String ARGO_HOOK = "argocd.argoproj.io/hook";
    static final String ARGO_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    static final String HELM_HOOK = "helm.sh/hook";
    static final String HELM_WEIGHT = "helm.sh/hook-weight";
    static final String HELM_DELETE_POLICY = "helm.sh/hook-delete-policy";

    private static final Map<String, HookPhase> HELM_EVENTS = Map.of("pre-install", HookPhase.PRE_SYNC,
            "pre-upgrade", HookPhase.PRE_SYNC, "post-install", HookPhase.POST_SYNC, "post-upgrade",
            HookPhase.POST_SYNC);

    private SyncAnnotations() {}

    /**
     * An object's place in a sync.
     *
     * @param kind an ordinary object, a hook, or left out of the sync
     * @param wave its wave
     * @param phases the phases a hook runs in (empty for the others)
     * @param deletePolicies when a hook's objects are deleted (empty for the others)
     * @param why for an object left out: why, for the log
     */
    public record Role(Kind kind, int wave, Set<HookPhase> phases, Set<HookDeletePolicy> deletePolicies,
            String why) {
        /** What an object is to a sync. */
        public enum Kind { OBJECT, HOOK, LEFT_OUT }

        /** Copies the sets. */
        public Role {
            phases = phases.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(phases));
            deletePolicies = deletePolicies.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(deletePolicies));
        }
    }

    /**
     * Reads an object's role.
     *
     * @param helm whether the object was rendered by the Helm renderer (Helm's annotations count)
     * @throws RenderException (INVALID_INPUT, RD-27) for a value of gitops4j's or Argo CD's annotations that gitops4j
     *     does not support
     */
    public static Role of(Manifest m, boolean helm) {
        Map<String, String> a = m.annotations();
        String hookKey = a.containsKey(HOOK) ? HOOK : a.containsKey(ARGO_HOOK) ? ARGO_HOOK
                : helm && a.containsKey(HELM_HOOK) ? HELM_HOOK : null;
        if (hookKey == null) {
            return new Role(Role.Kind.OBJECT, wave(m, false), Set.of(), Set.of(), "");
        }
        Set<HookPhase> phases = EnumSet.noneOf(HookPhase.class);
        if (hookKey.equals(HELM_HOOK)) {
            List<String> events = split(a.get(HELM_HOOK));
            events.forEach(e -> Optional.ofNullable(HELM_EVENTS.get(e)).ifPresent(phases::add));
            if (phases.isEmpty()) {
                return events.stream().allMatch("crd-install"::equals)
                        ? new Role(Role.Kind.OBJECT, wave(m, false), Set.of(), Set.of(), "")
                        : new Role(Role.Kind.LEFT_OUT, 0, Set.of(), Set.of(), "Helm hook " + events
                                + " is not part of a sync");
            }
        } else {
            for (String value : split(a.get(hookKey))) {
                phases.add(phase(m, hookKey, value));
            }
            if (phases.isEmpty()) {
                throw refused(m, hookKey, a.get(hookKey), "names no hook phase (PreSync, PostSync)");
            }
        }
        return new Role(Role.Kind.HOOK, wave(m, hookKey.equals(HELM_HOOK)), phases, policies(m, hookKey), "");
    }

    /**
     * @return the wave a live object was applied in: its {@value #WAVE} or Argo CD's annotation; 0 when it has none
     *     or one that is not an integer (a live object is never refused)
     */
    public static int waveOf(Manifest live) {
        try {
            return wave(live, false);
        } catch (RenderException e) {
            return 0;
        }
    }

    /**
     * @return {@code hook} with its role written in gitops4j's annotations ({@value #HOOK}, {@value
     *     #HOOK_DELETE_POLICY}, {@value #WAVE}), so whoever reads the plan's hook, or the object created from it,
     *     needs no other dialect
     */
    static Manifest normalized(Manifest hook, Role role) {
        Map<String, Object> annotations = new LinkedHashMap<>(hook.annotations());
        List<String> phases = new ArrayList<>();
        for (HookPhase p : HookPhase.values()) {
            if (role.phases().contains(p)) {
                phases.add(p.annotationValue());
            }
        }
        List<String> policies = new ArrayList<>();
        for (HookDeletePolicy p : HookDeletePolicy.values()) {
            if (role.deletePolicies().contains(p)) {
                policies.add(p.value());
            }
        }
        annotations.put(HOOK, String.join(",", phases));
        annotations.put(HOOK_DELETE_POLICY, String.join(",", policies));
        annotations.put(WAVE, Integer.toString(role.wave()));
        Map<String, Object> metadata = new LinkedHashMap<>(hook.metadata());
        metadata.put("annotations", annotations);
        return hook.with("metadata", metadata);
    }

    /** @return the delete policies of a hook {@linkplain #normalized normalized} by the planner */
    public static Set<HookDeletePolicy> deletePolicies(Manifest normalizedHook) {
        Set<HookDeletePolicy> out = EnumSet.noneOf(HookDeletePolicy.class);
        split(normalizedHook.annotations().getOrDefault(HOOK_DELETE_POLICY, ""))
                .forEach(v -> HookDeletePolicy.of(v).ifPresent(out::add));
        return out;
    }

    private static int wave(Manifest m, boolean helmHook) {
        Map<String, String> a = m.annotations();
        for (String key : List.of(WAVE, ARGO_WAVE)) {
            if (a.containsKey(key)) {
                try {
                    return Integer.parseInt(a.get(key).trim());
                } catch (NumberFormatException e) {
                    throw refused(m, key, a.get(key), "is not an integer wave");
                }
            }
        }
        if (helmHook && a.containsKey(HELM_WEIGHT)) {
            try {
                return Integer.parseInt(a.get(HELM_WEIGHT).trim());
            } catch (NumberFormatException e) {
                return 0; // as Helm: a weight it cannot read is 0
            }
        }
        return 0;
    }

    private static HookPhase phase(Manifest m, String key, String value) {
        for (HookPhase p : HookPhase.values()) {
            if (p.annotationValue().equals(value)) {
                return p;
            }
        }
        throw refused(m, key, value, "is not a hook phase gitops4j runs (PreSync, PostSync)");
    }

    private static Set<HookDeletePolicy> policies(Manifest m, String hookKey) {
        Map<String, String> a = m.annotations();
        Set<HookDeletePolicy> out = EnumSet.noneOf(HookDeletePolicy.class);
        String key = a.containsKey(HOOK_DELETE_POLICY) ? HOOK_DELETE_POLICY
                : a.containsKey(ARGO_DELETE_POLICY) ? ARGO_DELETE_POLICY
                : hookKey.equals(HELM_HOOK) && a.containsKey(HELM_DELETE_POLICY) ? HELM_DELETE_POLICY : null;
        if (key != null) {
            for (String value : split(a.get(key))) {
                if (key.equals(HELM_DELETE_POLICY)) {
                    HookDeletePolicy.ofHelm(value).ifPresent(out::add);   // as Helm: an unknown one is ignored
                } else {
                    out.add(HookDeletePolicy.of(value).orElseThrow(() -> refused(m, key, value,
                            "is not a hook delete policy (BeforeHookCreation, HookSucceeded, HookFailed)")));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(HookDeletePolicy.BEFORE_HOOK_CREATION);
        }
        return out;
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** At most 80 characters of an annotation value, control characters escaped. */
    private static String shown(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && i < 80; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > 80 ? b + "…" : b.toString();
    }

    private static RenderException refused(Manifest m, String key, String value, String why) {
        String ns = m.namespace();
        String name = m.name().isEmpty() ? m.generateName() : m.name();
        return new RenderException(RenderException.Reason.INVALID_INPUT, m.origin().file(), 0, m.kind() + " "
                + (ns.isEmpty() ? name : ns + "/" + name) + ": annotation " + key + ": '"
                + shown(value) + "' " + why, null);
    }
}
