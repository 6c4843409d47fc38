package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.server.printers.Ages;
import io.gitops4j.testkit.server.printers.Column;
import io.gitops4j.testkit.server.printers.KindPrinter;
import io.gitops4j.testkit.server.printers.PrinterRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders objects as a {@code meta.k8s.io Table} (what {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}).
 *
 * <p>Columns: for a custom resource whose CRD declares {@code additionalPrinterColumns}, Name then those columns
 * (evaluated on simple JSONPaths such as {@code .spec.replicas} or {@code .spec.items[0].name}; {@code date} columns
 * are shown as ages with type {@code string}); for a built-in kind, the columns and cells of its printer in
 * {@link PrinterRegistry} for the served minor version (all cells, wide ones too: kubectl hides priority-1 columns
 * unless asked for {@code -o wide}); otherwise Name and Age. Each row carries the object's metadata as
 * {@code PartialObjectMetadata}, so {@code --show-labels} works.
 *
 * <p>Immutable and thread-safe.
 */
final class TableRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrinterRegistry printers;

    /** A renderer following the printers of {@code printers}' minor version. */
    TableRenderer(PrinterRegistry printers) {
        this.printers = printers;
    }

    /**
     * A table of {@code objects}.
     *
     * @param listMetadata metadata of the list (resourceVersion, continue, remainingItemCount); may be empty
     * @param withColumns  false for watch events after the first, which real servers send without column definitions
     * @param now          the instant ages are computed against
     */
    ObjectNode render(ResourceType type, List<Map<String, Object>> objects, Map<String, Object> listMetadata,
                      String tableVersion, boolean withColumns, Instant now) {
        KindPrinter printer = printerFor(type);
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + tableVersion);
        table.set("metadata", JSON.valueToTree(listMetadata));
        if (withColumns) {
            ArrayNode defs = table.putArray("columnDefinitions");
            for (Column c : printer.columns()) {
                defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                        .put("description", c.description()).put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (Map<String, Object> object : objects) {
            JsonNode node = JSON.valueToTree(object);
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : printer.row(node, now)) {
                cells.add(JSON.valueToTree(cell));
            }
            ObjectNode partial = row.putObject("object");
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            JsonNode meta = node.get("metadata");
            partial.set("metadata", meta == null ? JSON.createObjectNode() : meta);
        }
        return table;
    }

    private KindPrinter printerFor(ResourceType type) {
        if (!type.printerColumns().isEmpty()) {
            return CustomColumns.printer(type.printerColumns());
        }
        return printers.find(type.group(), type.version(), type.kind())
                .orElseGet(() -> CustomColumns.printer(List.of(Map.of("name", "Age", "type", "date",
                        "jsonPath", ".metadata.creationTimestamp"))));
    }

    /** A custom resource's printer from CRD {@code additionalPrinterColumns}, after the Name column. */
    private static final class CustomColumns {
        private record Spec(String jsonPath, boolean date, boolean numeric) {
        }

        static KindPrinter printer(List<Map<String, Object>> printerColumns) {
            List<Column> columns = new ArrayList<>(List.of(Column.objectName()));
            List<Spec> specs = new ArrayList<>();
            for (Map<String, Object> pc : printerColumns) {
                String colType = String.valueOf(pc.getOrDefault("type", "string"));
                boolean date = colType.equals("date");
                int priority = pc.get("priority") instanceof Number n ? n.intValue() : 0;
                columns.add(new Column(String.valueOf(pc.getOrDefault("name", "")), date ? "string" : colType,
                        date ? "" : String.valueOf(pc.getOrDefault("format", "")),
                        String.valueOf(pc.getOrDefault("description", "")), priority));
                specs.add(new Spec(String.valueOf(pc.getOrDefault("jsonPath", "")), date,
                        colType.equals("integer") || colType.equals("number")));
            }
            return new KindPrinter(columns, (object, now) -> {
                List<Object> cells = new ArrayList<>();
                JsonNode name = object.path("metadata").path("name");
                cells.add(name.isTextual() ? name.asText() : "");
                for (Spec s : specs) {
                    cells.add(cell(select(object, s.jsonPath()), s, now));
                }
                return cells;
            });
        }

        private static Object cell(JsonNode value, Spec spec, Instant now) {
            if (spec.date()) {
                return value != null && value.isTextual() ? Ages.since(value, now) : "<unknown>";
            }
            if (value == null || value.isNull() || value.isMissingNode()) {
                return spec.numeric() ? null : "";
            }
            if (value.isValueNode()) {
                return value;
            }
            return value.toString();
        }
    }

    /** Evaluates a simple JSONPath ({@code .a.b[0].c}, optionally wrapped in braces); null when absent. */
    static JsonNode select(JsonNode root, String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).trim();
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        JsonNode current = root;
        int i = 0;
        while (i < p.length() && current != null) {
            char ch = p.charAt(i);
            if (ch == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                String key = p.substring(i + 1, end);
                current = key.isEmpty() ? current : current.get(key);
                i = end;
            } else if (ch == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    return null;
                }
                String index = p.substring(i + 1, close).trim();
                try {
                    current = current.get(Integer.parseInt(index));
                } catch (NumberFormatException e) {
                    String key = index.replaceAll("^['\"]|['\"]$", "");
                    current = current.get(key);
                }
                i = close + 1;
            } else {
                return null;
            }
        }
        return current;
    }
}
