package io.gitops4j.core.engine;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.Target;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What a reconcile works with: sources (first that supports a spec wins), renderers by name, the target, apply
 * options and a clock. Immutable.
 *
 * @param sources sources in priority order
 * @param renderers renderers by name
 * @param target the cluster
 * @param applyOptions the field manager and force setting for every apply
 * @param clock wall clock for timestamps (durations use {@link System#nanoTime()})
 */
public record EngineParts(List<Source> sources, Map<String, Renderer> renderers, Target target,
        ApplyOptions applyOptions, Clock clock) {
    /** Copies collections. */
    public EngineParts {
        sources = List.copyOf(sources);
        renderers = Map.copyOf(renderers);
        java.util.Objects.requireNonNull(target, "target");
        java.util.Objects.requireNonNull(applyOptions, "applyOptions");
        java.util.Objects.requireNonNull(clock, "clock");
    }

    /** @throws InvalidSpecException when no source serves the spec's URL */
    Source sourceFor(SourceSpec spec) {
        for (Source s : sources) {
            if (s.supports(spec)) {
                return s;
            }
        }
        throw new InvalidSpecException("source.url", "no source is registered for this URL scheme");
    }

    /** @throws InvalidSpecException when no renderer has the name */
    Renderer renderer(String name) {
        Renderer r = renderers.get(name);
        if (r == null) {
            throw new InvalidSpecException("render.renderer", "no renderer named '" + name + "' is registered "
                    + "(registered: " + new java.util.TreeSet<>(renderers.keySet()) + ")");
        }
        return r;
    }
}
