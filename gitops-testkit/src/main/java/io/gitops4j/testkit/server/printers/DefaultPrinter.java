package io.gitops4j.testkit.server.printers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * What a real server shows for built-in kinds without a printer of their own (Role, ClusterRole, LimitRange,
 * CustomResourceDefinition): {@code NAME CREATED AT}, the creation timestamp in RFC 3339 seconds (type {@code date},
 * {@code 0001-01-01T00:00:00Z} when absent). Stateless and thread-safe.
 */
final class DefaultPrinter {
    private DefaultPrinter() {
    }

    static KindPrinter createdAt() {
        return new KindPrinter(List.of(Column.objectName(),
                new Column("Created At", "date", "", "The time the object was created.", 0)),
                (o, now) -> Arrays.asList(Fields.name(o), rfc3339(Ages.instant(
                        o.path("metadata").path("creationTimestamp")))));
    }

    private static String rfc3339(Instant t) {
        return t == null ? "0001-01-01T00:00:00Z" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
