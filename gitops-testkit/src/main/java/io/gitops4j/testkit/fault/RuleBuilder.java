package io.gitops4j.testkit.fault;

import java.util.Objects;
import java.util.Set;

/**
 * Narrows a rule, picks its frequency and registers it with {@link #inject(Fault)}:
 *
 * <pre>{@code
 * faults.on(Verb.PATCH).resource("deployments").namespace("shop").name("web").next(2).inject(Fault.conflict());
 * faults.onAny().fraction(0.1).inject(Fault.connectionReset());
 * }</pre>
 *
 * <p>Not thread-safe; use it in one statement.
 */
public final class RuleBuilder {
    private final Faults owner;
    private final Set<Verb> verbs;
    private String resource = "";
    private String namespace = "";
    private String name = "";
    private Frequency frequency = Frequency.untilCleared();

    RuleBuilder(Faults owner, Set<Verb> verbs) {
        this.owner = owner;
        this.verbs = verbs;
    }

    /** Only this resource: a plural ({@code deployments}), {@code plural.group}, {@code plural/subresource} or a
     * kind. */
    public RuleBuilder resource(String value) {
        this.resource = Objects.requireNonNull(value, "resource");
        return this;
    }

    /** Only requests in this namespace. */
    public RuleBuilder namespace(String value) {
        this.namespace = Objects.requireNonNull(value, "namespace");
        return this;
    }

    /** Only requests for the object with this name. */
    public RuleBuilder name(String value) {
        this.name = Objects.requireNonNull(value, "name");
        return this;
    }

    /** Fire on the next {@code n} matching requests only. */
    public RuleBuilder next(long n) {
        this.frequency = Frequency.next(n);
        return this;
    }

    /** Fire on each matching request with probability {@code p} (seeded, so repeatable). */
    public RuleBuilder fraction(double p) {
        this.frequency = Frequency.fraction(p);
        return this;
    }

    /** Fire on every matching request until the rule is cleared (the default). */
    public RuleBuilder untilCleared() {
        this.frequency = Frequency.untilCleared();
        return this;
    }

    /** Registers the rule; later rules are consulted after earlier ones. */
    public FaultRule inject(Fault fault) {
        return owner.add(new RequestMatch(verbs, resource, namespace, name), frequency, fault);
    }
}
