package io.gitops4j.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps a chart's {@code values.schema.json} from reaching anything outside itself (RD-14). Helm validates values
 * against the schema with a JSON Schema library that loads whatever a {@code $ref} names, over HTTP or from the
 * file system: a chart could make every render fetch a URL, or learn through the validation error whether a host
 * file exists and how it starts. So before rendering, every reference keyword ({@code $ref}, {@code $dynamicRef},
 * {@code $recursiveRef}) must be a fragment of the same document ({@code #…}), and {@code $schema} must name one of
 * the standard JSON Schema drafts, which the library knows without loading. The error quotes the chart's own text,
 * never anything read from the host. Stateless.
 */
final class SchemaReferences {
    private static final long MAX_BYTES = 4L << 20;
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Pattern KNOWN_DRAFT = Pattern.compile(
            "https?://json-schema\\.org/(draft-0[467]/schema|draft/(2019-09|2020-12)/schema)#?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaReferences() {}

    /**
     * @param label the schema file as the error names it (chart-relative)
     * @throws RenderException {@link Reason#POLICY} for a reference outside the document, {@link Reason#LIMIT} for
     *     a schema over 4 MiB, {@link Reason#INVALID_INPUT} for a schema that is not JSON
     */
    static void check(String label, Path schema) throws IOException {
        if (Files.size(schema) > MAX_BYTES) {
            throw new RenderException(Reason.LIMIT, label, 0, "the values schema is larger than " + MAX_BYTES
                    + " bytes", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(schema));
        } catch (JsonProcessingException e) {
            throw new RenderException(Reason.INVALID_INPUT, label, 0, "the values schema is not valid JSON", null);
        }
        Deque<JsonNode> pending = new ArrayDeque<>();
        if (root != null) {
            pending.push(root);
        }
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isArray()) {
                node.forEach(pending::push);
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual() && REFERENCES.contains(field.getKey()) && !value.asText().startsWith("#")) {
                    throw refused(label, field.getKey(), value.asText(), "a values schema may only refer to its own "
                            + "definitions ('#/…'), never to a URL or a file");
                }
                if (value.isTextual() && field.getKey().equals("$schema")
                        && !KNOWN_DRAFT.matcher(value.asText()).matches()) {
                    throw refused(label, "$schema", value.asText(), "only the standard JSON Schema drafts (04, 06, "
                            + "07, 2019-09, 2020-12) are allowed");
                }
                if (value.isContainerNode()) {
                    pending.push(value);
                }
            }
        }
    }

    private static RenderException refused(String label, String keyword, String value, String why) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return new RenderException(Reason.POLICY, label, 0, keyword + " '" + shown.replaceAll("\\p{Cntrl}", "?")
                + "' refused: " + why, null);
    }
}
