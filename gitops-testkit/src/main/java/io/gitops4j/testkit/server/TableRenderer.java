package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.testkit.kube.ResourceType;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders objects as a {@code meta.k8s.io Table} (what {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}).
 *
 * <p>Columns: Name, then the type's printer columns (a CRD's {@code additionalPrinterColumns}, evaluated on simple
 * JSONPaths such as {@code .spec.replicas} or {@code .spec.items[0].name}), else a Status column for namespaces and
 * Age. Date columns are rendered as ages ({@code 5s}, {@code 3m20s}, {@code 2d}) with type {@code string}, as the
 * built-in printers of a real server do. Each row carries the object's metadata as {@code PartialObjectMetadata}, so
 * {@code --show-labels} works.
 */
final class TableRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Column(String name, String type, String format, String description, int priority, String jsonPath,
                          boolean date) {
    }

    private TableRenderer() {
    }

    /**
     * A table of {@code objects}.
     *
     * @param listMetadata metadata of the list (resourceVersion, continue, remainingItemCount); may be empty
     * @param withColumns  false for watch events after the first, which real servers send without column definitions
     */
    static ObjectNode render(ResourceType type, List<Map<String, Object>> objects, Map<String, Object> listMetadata,
                             String tableVersion, boolean withColumns, Instant now) {
        List<Column> columns = columns(type);
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + tableVersion);
        table.set("metadata", JSON.valueToTree(listMetadata));
        if (withColumns) {
            ArrayNode defs = table.putArray("columnDefinitions");
            for (Column c : columns) {
                defs.addObject().put("name", c.name).put("type", c.type).put("format", c.format)
                        .put("description", c.description).put("priority", c.priority);
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (Map<String, Object> object : objects) {
            JsonNode node = JSON.valueToTree(object);
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                JsonNode value = select(node, c.jsonPath);
                if (c.date) {
                    cells.add(value != null && value.isTextual() ? age(value.textValue(), now) : "<unknown>");
                } else if (value == null || value.isNull()) {
                    cells.add(c.type.equals("integer") || c.type.equals("number") ? null : "");
                } else if (value.isValueNode()) {
                    cells.add(value);
                } else {
                    cells.add(value.toString());
                }
            }
            ObjectNode partial = row.putObject("object");
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            JsonNode meta = node.get("metadata");
            partial.set("metadata", meta == null ? JSON.createObjectNode() : meta);
        }
        return table;
    }

    private static List<Column> columns(ResourceType type) {
        List<Column> out = new ArrayList<>();
        out.add(new Column("Name", "string", "name",
                "Name must be unique within a namespace.", 0, ".metadata.name", false));
        if (!type.printerColumns().isEmpty()) {
            for (Map<String, Object> pc : type.printerColumns()) {
                String name = String.valueOf(pc.getOrDefault("name", ""));
                String colType = String.valueOf(pc.getOrDefault("type", "string"));
                boolean date = colType.equals("date");
                int priority = pc.get("priority") instanceof Number n ? n.intValue() : 0;
                out.add(new Column(name, date ? "string" : colType,
                        date ? "" : String.valueOf(pc.getOrDefault("format", "")),
                        String.valueOf(pc.getOrDefault("description", "")), priority,
                        String.valueOf(pc.getOrDefault("jsonPath", "")), date));
            }
            return out;
        }
        if (type.group().isEmpty() && type.plural().equals("namespaces")) {
            out.add(new Column("Status", "string", "", "The phase of the namespace.", 0, ".status.phase", false));
        }
        out.add(new Column("Age", "string", "", "Time since the object was created.", 0,
                ".metadata.creationTimestamp", true));
        return out;
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

    /** A creation timestamp as a kubectl-style age relative to {@code now}. */
    static String age(String timestamp, Instant now) {
        Instant created;
        try {
            created = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
        return humanDuration(Duration.between(created, now));
    }

    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        long days = hours / 24;
        return days / 365 + "y" + (days % 365 == 0 ? "" : days % 365 + "d");
    }
}
