package io.gitops4j.core.render;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.Origin;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the bytes of one manifest file into {@link Manifest}s, the way {@code kubectl apply -f} reads it (RD-07):
 * UTF-8 (a byte-order mark is skipped), JSON when the content starts with <code>{</code>, YAML otherwise;
 * multi-document YAML; empty, comment-only and null documents give no object; a {@code List} (any kind ending in
 * {@code List} with an {@code items} list) is flattened; every other document must be a map with {@code apiVersion},
 * {@code kind} and {@code metadata.name} — or, for an object the server names when it is created (a hook Job),
 * {@code metadata.generateName} (see {@link Manifest#isGenerated()}). Each object carries {@code Origin(file,
 * documentIndex)}.
 *
 * <p>Thread-safe. Errors are {@link RenderException}s naming the file, the line and the document.
 */
public final class ManifestReader {
    private final YamlLimits limits;
    private final SafeYamlLoader yaml;
    private final JsonDocumentReader json;

    /** @param limits the budgets to enforce */
    public ManifestReader(YamlLimits limits) {
        this.limits = limits;
        this.yaml = new SafeYamlLoader(limits);
        this.json = new JsonDocumentReader(limits);
    }

    /** @return a reader with {@link YamlLimits#defaults()} */
    public static ManifestReader withDefaults() {
        return new ManifestReader(YamlLimits.defaults());
    }

    /**
     * @param file repo-relative path, used in origins and errors
     * @param content the file's bytes
     * @return the objects in document order; empty for a file without objects
     * @throws RenderException for invalid, oversized or refused content
     */
    public List<Manifest> read(String file, byte[] content) {
        return read(file, decode(file, content));
    }

    /** @see #read(String, byte[]) */
    public List<Manifest> read(String file, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<ParsedDocument> documents = looksLikeJson(text) ? json.load(file, text) : yaml.load(file, text);
        List<Manifest> out = new ArrayList<>();
        for (ParsedDocument document : documents) {
            collect(file, document, document.root(), out, 0);
        }
        return out;
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private void collect(String file, ParsedDocument document, Object value, List<Manifest> out, int depth) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map)) {
            throw invalid(file, document, "the document root is " + (value instanceof List ? "a list" : "a scalar")
                    + ", not an object");
        }
        Map<?, ?> object = (Map<?, ?>) value;
        Object kind = object.get("kind");
        Object items = object.get("items");
        if (kind instanceof String && ((String) kind).endsWith("List") && items instanceof List && depth < 3) {
            for (Object item : (List<?>) items) {
                collect(file, document, item, out, depth + 1);
            }
            return;
        }
        requireString(file, document, object, "apiVersion");
        requireString(file, document, object, "kind");
        Object metadata = object.get("metadata");
        if (!(metadata instanceof Map<?, ?> meta) || !nonEmptyString(meta.get("name"))
                && !nonEmptyString(meta.get("generateName"))) {
            throw invalid(file, document, kind + " has no metadata.name");
        }
        Manifest manifest;
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> tree = (Map<String, ?>) object;
            manifest = Manifest.of(tree, new Origin(file, document.index()));
        } catch (GitOpsException e) {
            throw invalid(file, document, e.getMessage());
        }
        ObjectSizes.check(manifest, limits);
        out.add(manifest);
    }

    private static boolean nonEmptyString(Object value) {
        return value instanceof String text && !text.isEmpty();
    }

    private static void requireString(String file, ParsedDocument document, Map<?, ?> object, String field) {
        Object v = object.get(field);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw invalid(file, document, "object has no " + field);
        }
    }

    private static RenderException invalid(String file, ParsedDocument document, String message) {
        return new RenderException(Reason.INVALID_INPUT, file, document.line(),
                "document " + document.index() + ": " + message, null);
    }

    private static String decode(String file, byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new RenderException(Reason.INVALID_INPUT, file, 0, "not valid UTF-8 text", null);
        }
    }
}
