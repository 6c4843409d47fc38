package io.gitops4j.examples.serve.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gitops4j.api.plan.Plan;
import java.time.Duration;
import java.util.Optional;

/**
 * The plans {@code serve} showed, kept under their {@link Plan#id()} so a person can apply exactly the plan they
 * reviewed ({@code POST …/plans/ID/apply}). Bounded: the {@value #MAX_PLANS} most recent, each for {@link #KEEP};
 * an older id is unknown (404) and is planned again. Thread-safe.
 */
final class PlanStore {
    /** How many plans are kept at most. */
    static final int MAX_PLANS = 200;
    /** How long a plan is kept after it was shown. */
    static final Duration KEEP = Duration.ofHours(1);

    private final Cache<String, Plan> plans = Caffeine.newBuilder().maximumSize(MAX_PLANS).expireAfterWrite(KEEP)
            .build();

    /** Keeps a plan that was shown. */
    void keep(Plan plan) {
        plans.put(plan.id(), plan);
    }

    /** @return the plan with this id, when it was shown for this Application and is still kept */
    Optional<Plan> find(String application, String id) {
        return Optional.ofNullable(plans.getIfPresent(id)).filter(p -> p.application().equals(application));
    }
}
