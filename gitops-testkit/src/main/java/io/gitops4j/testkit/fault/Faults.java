package io.gitops4j.testkit.fault;

import io.gitops4j.api.target.Target;
import io.gitops4j.testkit.FakeKube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deterministic fault injection: rules that delay, fail or drop requests, scoped by verb, resource, namespace and
 * name, firing on the next N matching requests, a seeded fraction of them, or until cleared.
 *
 * <pre>{@code
 * Faults faults = Faults.of(kube).reseed(42);
 * faults.on(Verb.PATCH).resource("deployments").next(2).inject(Fault.serviceUnavailable());
 * faults.on(Verb.GET).fraction(0.25).inject(Fault.tooManyRequests(1));
 * faults.onAny().inject(Fault.latency(Duration.ofMillis(20)));
 * }</pre>
 *
 * <p>The rules of {@link #of(FakeKube)} apply to every {@code FakeApiServer} serving that fake (the server consults
 * {@link #beforeRequest(RequestInfo)} before it routes a request) and to targets wrapped with {@link #target(Target)}.
 * Direct {@link FakeKube} calls are not intercepted: FakeKube has no call seam, and a test calling it directly can
 * throw its own failures.
 *
 * <p>Determinism: every random draw comes from one {@link Random} seeded with {@link #reseed(long)} (default 0) and
 * drawn under this object's lock, so the same seed and the same sequence of requests give the same injections. With
 * concurrent requests the order they reach the rules is up to the scheduler.
 *
 * <p>Thread-safe. Latency is slept on the requesting thread, outside the lock.
 */
public final class Faults {
    private static final Map<FakeKube, Faults> ATTACHED = Collections.synchronizedMap(new WeakHashMap<>());

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<Injection> injected = new ArrayList<>();
    private final SlowCrds slowCrds;
    private Random random = new Random(0);
    private long sequence;

    private Faults(FakeKube kube) {
        this.slowCrds = kube == null ? null : new SlowCrds(kube);
    }

    /** The fault rules of {@code kube}, created (empty, seed 0) on first use; the same object every time. */
    public static Faults of(FakeKube kube) {
        java.util.Objects.requireNonNull(kube, "kube");
        return ATTACHED.computeIfAbsent(kube, Faults::new);
    }

    /** Rules not attached to any fake, for {@link #target(Target) wrapping} another target. */
    public static Faults detached(long seed) {
        return new Faults(null).reseed(seed);
    }

    /** Restarts the random sequence from {@code seed}. Rules and counters are kept. */
    public synchronized Faults reseed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** A rule for requests with one of these verbs (every verb when none is given). */
    public RuleBuilder on(Verb... verbs) {
        return new RuleBuilder(this, verbs.length == 0 ? Set.of() : EnumSet.copyOf(List.of(verbs)));
    }

    /** A rule for every request, non-resource ones (discovery, {@code /version}) included. */
    public RuleBuilder onAny() {
        return new RuleBuilder(this, Set.of());
    }

    /**
     * Makes the CRD named {@code crdName} look not yet Established for {@code delay} after it is created, over HTTP:
     * GETs of the CRD show {@code Established=False} (reason {@code Installing}) and requests for its custom
     * resources get 404, as on a real server before the apiextensions controller serves them.
     *
     * @throws IllegalStateException for detached rules (there is no fake to watch)
     */
    public Faults slowCrd(String crdName, Duration delay) {
        if (slowCrds == null) {
            throw new IllegalStateException("slowCrd needs rules attached to a FakeKube (Faults.of(kube))");
        }
        slowCrds.add(crdName, delay);
        return this;
    }

    /** The registered rules, oldest first. */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /** Every injection so far, oldest first. */
    public synchronized List<Injection> injected() {
        return List.copyOf(injected);
    }

    /** Removes every rule (slow CRDs included) and forgets the injections; the random sequence continues. */
    public synchronized void clear() {
        rules.clear();
        injected.clear();
        sequence = 0;
        if (slowCrds != null) {
            slowCrds.clear();
        }
    }

    /**
     * A target whose calls pass these rules first (view reads as {@code get} and {@code list}, each object of a batch
     * apply as {@code patch} and of a batch delete as {@code delete}, a change-feed subscription as {@code watch})
     * and fail as a Kubernetes target fails for the injected status: that object's result, or the call's
     * {@code TargetException}.
     */
    public Target target(Target delegate) {
        return new FaultyTarget(delegate, this, slowCrds == null ? null : slowCrds.kube(), null);
    }

    /**
     * As {@link #target(Target)}, also recording every call in {@code log} as the request a Kubernetes target would
     * send (apply as PATCH, delete as DELETE, inventory writes as PATCH of {@code inventory/APP}), so
     * {@code GitOpsAssertions.assertThat(log).hasNoWrites()} and {@code countOf(..)} work without HTTP.
     */
    public Target target(Target delegate, io.gitops4j.testkit.server.RequestLog log) {
        return new FaultyTarget(delegate, this, slowCrds == null ? null : slowCrds.kube(),
                java.util.Objects.requireNonNull(log, "log"));
    }

    /**
     * Runs the rules for one request: sleeps for the latency of every firing latency rule, then answers with the
     * first firing answer or reset rule, if any. Called by {@code FakeApiServer} before it routes a request.
     *
     * @return what to send instead of serving the request; empty to serve it normally
     */
    public Optional<FaultResponse> beforeRequest(RequestInfo request) {
        long delayNanos = 0;
        Optional<FaultResponse> answer = Optional.empty();
        synchronized (this) {
            for (FaultRule rule : rules) {
                if (!rule.match().matches(request) || !rule.fire(random)) {
                    continue;
                }
                injected.add(new Injection(++sequence, request, rule.fault().describe(), rule.toString()));
                if (rule.fault() instanceof Fault.Latency latency) {
                    delayNanos += latency.delay().toNanos();
                    continue;
                }
                answer = Optional.of(rule.fault() instanceof Fault.Answer a ? a.respond(request)
                        : new FaultResponse(0, Map.of(), Map.of(), true));
                break;
            }
        }
        if (delayNanos > 0) {
            try {
                Thread.sleep(delayNanos / 1_000_000, (int) (delayNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.isEmpty() && slowCrds != null) {
            return slowCrds.answer(request);
        }
        return answer;
    }

    /** @return true while a slow CRD makes the kind of {@code plural.group} look not served yet */
    boolean hidesKind(String group, String plural) {
        return slowCrds != null && slowCrds.hides(group, plural);
    }

    FaultRule add(RequestMatch match, Frequency frequency, Fault fault) {
        FaultRule rule = new FaultRule(this, match, frequency, fault);
        rules.add(rule);
        return rule;
    }

    void remove(FaultRule rule) {
        rules.remove(rule);
    }
}
