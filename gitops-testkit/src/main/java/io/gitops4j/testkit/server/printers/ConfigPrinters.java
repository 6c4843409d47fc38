package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Printers of the namespace-level configuration kinds: ConfigMap, Secret, ServiceAccount, Namespace and
 * ResourceQuota. Version difference: ResourceQuota's AGE column moved from second to last in 1.33. Stateless and
 * thread-safe.
 */
final class ConfigPrinters {
    private ConfigPrinters() {
    }

    /** {@code NAME DATA AGE}; DATA counts {@code data} and {@code binaryData} keys. */
    static KindPrinter configMap() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Data", "Number of data keys."), Column.age()),
                (cm, now) -> Arrays.asList(Fields.name(cm),
                        Fields.size(cm.path("data")) + Fields.size(cm.path("binaryData")), Ages.age(cm, now)));
    }

    /** {@code NAME TYPE DATA AGE}. */
    static KindPrinter secret() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Type", "The secret's type."),
                Column.text("Data", "Number of data keys."), Column.age()),
                (s, now) -> Arrays.asList(Fields.name(s), Fields.text(s.path("type")), Fields.size(s.path("data")),
                        Ages.age(s, now)));
    }

    /** {@code NAME SECRETS AGE}. */
    static KindPrinter serviceAccount() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Secrets", "Number of listed secrets."),
                Column.age()), (sa, now) -> Arrays.asList(Fields.name(sa), Fields.size(sa.path("secrets")),
                Ages.age(sa, now)));
    }

    /** {@code NAME STATUS AGE}. */
    static KindPrinter namespace() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Status", "The phase of the namespace."),
                Column.age()), (ns, now) -> Arrays.asList(Fields.name(ns),
                Fields.text(ns.path("status").path("phase")), Ages.age(ns, now)));
    }

    /**
     * {@code NAME REQUEST LIMIT AGE} from 1.33, {@code NAME AGE REQUEST LIMIT} before. REQUEST and LIMIT list
     * {@code resource: used/hard} for every hard limit in {@code status.hard} (sorted by name); resources named
     * {@code limits.*} go to LIMIT, the others to REQUEST.
     */
    static KindPrinter resourceQuota(int minor) {
        Column request = Column.text("Request", "Used and hard quota of requests.");
        Column limit = Column.text("Limit", "Used and hard quota of limits.");
        boolean ageLast = minor >= 33;
        List<Column> columns = ageLast ? List.of(Column.objectName(), request, limit, Column.age())
                : List.of(Column.objectName(), Column.age(), request, limit);
        return new KindPrinter(columns, (q, now) -> {
            String[] usage = quotaUsage(q.path("status"));
            String age = Ages.age(q, now);
            return ageLast ? Arrays.asList(Fields.name(q), usage[0], usage[1], age)
                    : Arrays.asList(Fields.name(q), age, usage[0], usage[1]);
        });
    }

    /** The REQUEST and LIMIT cells of a quota status. */
    static String[] quotaUsage(JsonNode status) {
        TreeMap<String, String> hard = new TreeMap<>();
        status.path("hard").fields().forEachRemaining(e -> hard.put(e.getKey(), Fields.text(e.getValue())));
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        hard.forEach((resource, limit) -> {
            String used = Fields.orElse(status.path("used").path(resource), "0");
            String entry = resource + ": " + used + "/" + limit;
            String[] pieces = resource.split("\\.", -1);
            (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(entry);
        });
        return new String[] {String.join(", ", requests), String.join(", ", limits)};
    }
}
