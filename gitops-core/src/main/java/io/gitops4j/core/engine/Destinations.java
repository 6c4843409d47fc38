package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.target.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The clusters a reconciler reconciles into, by name: each registered target with its own pass runner (whose parts
 * name that target, so planning, writes, inventories and the Kubernetes version Helm renders for are that cluster's)
 * and its own change feeds, which serve only the Applications bound to it. One of them may be the default, for
 * Applications that name no destination. The lookup ({@link #of}) serves {@code register()} (EN-05) and every pass.
 * Immutable but for the feeds; thread-safe.
 */
final class Destinations implements AutoCloseable {
    /** The name of the target registered with {@code ReconcilerBuilder.target(Target)}. */
    static final String DEFAULT = "default";

    /**
     * One cluster.
     *
     * @param name its name
     * @param parts what its passes run with: the reconciler's, with this cluster's target
     * @param run runs passes into it
     * @param planApply applies reviewed plans of its Applications
     * @param feeds the change feeds of the Applications bound to it
     */
    record Destination(String name, EngineParts parts, ReconcileRun run, PlanApply planApply, ChangeFeeds feeds) {}

    /**
     * The targets a builder registered.
     *
     * @param targets the targets by name
     * @param defaultName the name of the default, when there is one
     */
    record Registered(Map<String, Target> targets, Optional<String> defaultName) {
        Registered {
            targets = Map.copyOf(targets);
            if (defaultName.isPresent() && !targets.containsKey(defaultName.get())) {
                throw new IllegalArgumentException("the default target is not registered");
            }
        }
    }

    private final Map<String, Destination> byName;
    private final Optional<String> defaultName;

    /**
     * @param registered the targets and the default
     * @param parts what passes run with (its target is replaced by each destination's)
     * @param drift when drift corrections back off
     * @param drifted the drift sink of every target's feeds (told an Application's name)
     */
    Destinations(Registered registered, EngineParts parts, DriftOptions drift, Consumer<String> drifted) {
        Map<String, Destination> out = new LinkedHashMap<>();
        registered.targets().forEach((name, target) -> {
            EngineParts own = parts.withTarget(target);
            ChangeFeeds feeds = new ChangeFeeds(target.view(), drifted);
            ReconcileRun run = new ReconcileRun(name, own, drift, feeds);
            out.put(name, new Destination(name, own, run, new PlanApply(own, run), feeds));
        });
        this.byName = Map.copyOf(out);
        this.defaultName = registered.defaultName();
    }

    /**
     * The destination of an Application: the target registered under its destination's name, or the default.
     *
     * @throws InvalidSpecException ({@code destination}) when no target has that name, or the Application names none
     *     and there is no default; the message lists the registered names and how to register one
     */
    Destination of(Application app) {
        String name = app.destination().isEmpty() ? defaultName.orElse("") : app.destination();
        Destination d = byName.get(name);
        if (d != null) {
            return d;
        }
        String registered = " (registered: " + new TreeSet<>(byName.keySet()) + ")";
        if (app.destination().isEmpty()) {
            throw new InvalidSpecException("destination", "the Application names no destination and the reconciler "
                    + "has no default target" + registered + "; name one with Application.builder(..).destination(..)"
                    + " or register a default with GitOps.reconciler().target(target)");
        }
        throw new InvalidSpecException("destination", "no target named '" + name + "' is registered" + registered
                + "; register it on the builder: GitOps.reconciler().target(\"" + name + "\", target)");
    }

    /** Closes every feed (the targets are the host's). */
    @Override
    public void close() {
        byName.values().forEach(d -> d.feeds().close());
    }
}
