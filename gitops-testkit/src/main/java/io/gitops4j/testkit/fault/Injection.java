package io.gitops4j.testkit.fault;

import java.util.Objects;

/**
 * One fault that was injected, in the order they happened.
 *
 * @param sequence 1 for the first injection since the {@link Faults} was created or cleared
 * @param request  the request it hit
 * @param fault    what was injected ({@link Fault#describe()})
 * @param rule     the rule that fired ({@link FaultRule#toString()})
 */
public record Injection(long sequence, RequestInfo request, String fault, String rule) {
    public Injection {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + fault + " on " + request;
    }
}
