package io.gitops4j.core.engine;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.health.HealthRules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a reconcile works with: sources (first that supports a spec wins), renderers by name, the target, apply
 * options, health rules, the phase timeouts, the waits for health and hooks, and a clock. Immutable.
 *
 * @param sources sources in priority order
 * @param renderers renderers by name
 * @param target the cluster
 * @param applyOptions the field manager and force setting for every apply
 * @param health the rules that judge objects' health (built-ins plus the host's checks, which win)
 * @param timeouts how long each phase of a pass may take, the wait for CRDs and Namespaces included (DA-07)
 * @param healthWait how long a pass waits for a sync wave to become healthy before the next, and for every object to
 *     be healthy before the PostSync hooks
 * @param hookTimeout how long a pass waits for a hook to complete
 * @param clock wall clock for timestamps (durations use {@link System#nanoTime()})
 */
public record EngineParts(List<Source> sources, Map<String, Renderer> renderers, Target target,
        ApplyOptions applyOptions, HealthRules health, PhaseTimeouts timeouts, Duration healthWait, Duration hookTimeout,
        Clock clock) {
    /** How to register each built-in renderer, for the message when an Application names a missing one. */
    private static final Map<String, String> BUILT_IN_RENDERERS = Map.of(RenderSpec.PLAIN, "Renderers.plainYaml()",
            RenderSpec.KUSTOMIZE, "Renderers.kustomize()", RenderSpec.HELM, "Renderers.helm()");

    /** Copies collections. */
    public EngineParts {
        sources = List.copyOf(sources);
        renderers = Map.copyOf(renderers);
        java.util.Objects.requireNonNull(target, "target");
        java.util.Objects.requireNonNull(applyOptions, "applyOptions");
        java.util.Objects.requireNonNull(health, "health");
        java.util.Objects.requireNonNull(timeouts, "timeouts");
        java.util.Objects.requireNonNull(healthWait, "healthWait");
        java.util.Objects.requireNonNull(hookTimeout, "hookTimeout");
        java.util.Objects.requireNonNull(clock, "clock");
    }

    /** @return these parts with another target (a reconciler's other destination) */
    public EngineParts withTarget(Target other) {
        return new EngineParts(sources, renderers, other, applyOptions, health, timeouts, healthWait, hookTimeout,
                clock);
    }

    /**
     * The source that serves a spec: the first that {@linkplain Source#supports supports} it. The same lookup decides
     * at {@code register()} whether an Application can be served (EN-05) and at every pass which source serves it.
     *
     * @throws InvalidSpecException when no source serves the spec's URL; the message names the URL scheme (never
     *     the URL, which may be a host path) and how to register a source for it
     */
    Source sourceFor(SourceSpec spec) {
        for (Source s : sources) {
            if (s.supports(spec)) {
                return s;
            }
        }
        throw new InvalidSpecException("source.url", noSourceFor(spec));
    }

    /**
     * The renderer an Application's render spec names; the same lookup serves {@code register()} (EN-05) and every
     * pass.
     *
     * @throws InvalidSpecException when no renderer has the name; the message lists the registered names and how to
     *     register the missing one
     */
    Renderer renderer(String name) {
        Renderer r = renderers.get(name);
        if (r == null) {
            throw new InvalidSpecException("render.renderer", "no renderer named '" + name + "' is registered "
                    + "(registered: " + new TreeSet<>(renderers.keySet()) + "); register it on the builder: "
                    + "GitOps.reconciler().renderers(" + BUILT_IN_RENDERERS.getOrDefault(name, "..") + ")");
        }
        return r;
    }

    private static String noSourceFor(SourceSpec spec) {
        if (spec.isLocal()) {
            return "no registered source serves this URL of scheme 'file': the built-in local directory source serves "
                    + "an existing directory that is not a Git repository; for a local Git repository register "
                    + "GitOps.reconciler().source(GitSource.builder().allowFileUrls(true).build())";
        }
        int colon = spec.url().indexOf("://");
        String scheme = colon > 0 ? spec.url().substring(0, colon) : "scp-style ssh";
        if (scheme.length() > 32
                || !scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
            scheme = "(unrecognised)";
        }
        return "no registered source serves URL scheme '" + scheme + "'; register a Source for it on the builder: "
                + "GitOps.reconciler().source(..)";
    }
}
