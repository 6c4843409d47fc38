package io.gitops4j.testkit.fault;

import java.util.Locale;
import java.util.Optional;

/** The Kubernetes API verbs a request is counted and matched by, as the API server's authorizer names them. */
public enum Verb {
    GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE, DELETECOLLECTION;

    /** The lower-case name used on the wire and in the request log ({@code deletecollection}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the verb changes state (create, update, patch, delete, deletecollection). */
    public boolean isWrite() {
        return this == CREATE || this == UPDATE || this == PATCH || this == DELETE || this == DELETECOLLECTION;
    }

    /** The verb with this wire name; empty for non-resource verbs such as {@code get} on {@code /version}. */
    public static Optional<Verb> fromWireName(String name) {
        for (Verb v : values()) {
            if (v.wireName().equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
