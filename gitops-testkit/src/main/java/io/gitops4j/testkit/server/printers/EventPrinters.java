package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Event printer, for {@code v1} and {@code events.k8s.io/v1} events alike (the latter read through their field
 * names: {@code regarding}, {@code note}, {@code deprecatedSource}, {@code deprecated*Timestamp},
 * {@code deprecatedCount}). Stateless and thread-safe.
 *
 * <p>{@code LAST SEEN TYPE REASON OBJECT MESSAGE}, wide adds {@code SUBOBJECT SOURCE} before MESSAGE and
 * {@code FIRST SEEN COUNT NAME} after it.
 */
final class EventPrinters {
    private EventPrinters() {
    }

    /** The printer; {@code eventsApi} selects the {@code events.k8s.io} field names. */
    static KindPrinter event(boolean eventsApi) {
        return new KindPrinter(List.of(
                Column.text("Last Seen", "Time since the event was last seen."),
                Column.text("Type", "The event's type."),
                Column.text("Reason", "Why the event happened."),
                Column.text("Object", "The object the event is about."),
                Column.wide("Subobject", "The part of the object the event is about."),
                Column.wide("Source", "The component reporting the event."),
                Column.text("Message", "The event's message."),
                Column.wide("First Seen", "Time since the event was first seen."),
                Column.wide("Count", "How often the event happened."),
                new Column("Name", "string", "name", "Name must be unique within a namespace.", 1)),
                (e, now) -> cells(e, now, eventsApi));
    }

    private static List<Object> cells(JsonNode e, Instant now, boolean eventsApi) {
        JsonNode first = e.path(eventsApi ? "deprecatedFirstTimestamp" : "firstTimestamp");
        JsonNode last = e.path(eventsApi ? "deprecatedLastTimestamp" : "lastTimestamp");
        JsonNode involved = e.path(eventsApi ? "regarding" : "involvedObject");
        JsonNode source = e.path(eventsApi ? "deprecatedSource" : "source");
        String firstSeen = Ages.instant(first) != null ? Ages.since(first, now) : Ages.since(e.path("eventTime"), now);
        String lastSeen = Ages.instant(last) != null ? Ages.since(last, now) : firstSeen;
        long count = Fields.integer(e.path(eventsApi ? "deprecatedCount" : "count"));
        JsonNode series = e.path("series");
        if (Fields.present(series)) {
            lastSeen = Ages.since(series.path("lastObservedTime"), now);
            count = Fields.integer(series.path("count"));
        } else if (count == 0) {
            count = 1;
        }
        String kind = Fields.text(involved.path("kind")).toLowerCase(Locale.ROOT);
        String name = Fields.text(involved.path("name"));
        String component = Fields.orElse(source.path("component"), Fields.text(e.path("reportingController")));
        String instance = Fields.orElse(source.path("host"), Fields.text(e.path("reportingInstance")));
        return Arrays.asList(lastSeen, Fields.text(e.path("type")), Fields.text(e.path("reason")),
                name.isEmpty() ? kind : kind + "/" + name, Fields.text(involved.path("fieldPath")),
                instance.isEmpty() ? component : component + ", " + instance,
                Fields.text(e.path(eventsApi ? "note" : "message")).strip(), firstSeen, count, Fields.name(e));
    }
}
