package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads YAML streams into JSON-like values with SnakeYAML's event parser only: no constructor runs, so no class is
 * ever instantiated from a tag (RD-05). Scalars are typed like kubectl types them ({@link YamlScalars}, RD-06).
 *
 * <p>Refused with a {@link RenderException} naming the file and line: tags other than the standard scalar, map and
 * sequence tags; keys repeated in one mapping (RD-04); unknown anchors; collections as keys; {@code .inf}/{@code
 * .nan}; nesting deeper than the limit (RD-02, checked iteratively, so never a StackOverflowError); more aliases or
 * more expanded nodes than the limits (RD-01); documents over the size limit (RD-03). Merge keys ({@code <<}) are
 * applied in order, later entries winning, as go-yaml v2 does.
 *
 * <p>Thread-safe: every call uses its own parser.
 */
final class SafeYamlLoader {
    private static final String MAP = "tag:yaml.org,2002:map";
    private static final String SEQ = "tag:yaml.org,2002:seq";
    private static final String MERGE = "tag:yaml.org,2002:merge";

    private final YamlLimits limits;

    SafeYamlLoader(YamlLimits limits) {
        this.limits = limits;
    }

    /**
     * @param file repo-relative name used in errors
     * @param text the YAML stream
     * @return the documents in order, empty ones included (with a null root)
     * @throws RenderException for anything this class refuses
     */
    List<ParsedDocument> load(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(Math.max(1, limits.maxAliases()));
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxDocumentBytes() + 1);
        options.setProcessComments(false);
        Run run = new Run(file);
        for (Segment segment : split(text)) {
            if (segment.text.length() > limits.maxDocumentBytes()) {
                throw new RenderException(Reason.LIMIT, file, segment.firstLine + 1, "document too large: over "
                        + limits.maxDocumentBytes() + " characters", null);
            }
            Parser parser = new ParserImpl(new StreamReader(segment.text), options);
            try {
                run.segment(parser, segment);
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                throw new RenderException(Reason.INVALID_INPUT, file,
                        mark == null ? 0 : segment.firstLine + mark.getLine() + 1, "invalid YAML: " + problem(e), null);
            } catch (YAMLException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("exceeds the limit")) {
                    throw new RenderException(Reason.LIMIT, file, segment.firstLine + 1, "document too large: over "
                            + limits.maxDocumentBytes() + " characters", null);
                }
                throw new RenderException(Reason.INVALID_INPUT, file, segment.firstLine + 1, "invalid YAML", null);
            }
        }
        return run.documents;
    }

    /**
     * Splits a stream at lines that are a document separator ({@code ---} followed by nothing but blanks or a
     * comment), as kubectl's YAML reader does. Parsing documents one by one keeps the parser fast and lets an
     * oversized document be refused before it is parsed.
     */
    static List<Segment> split(String text) {
        List<Segment> out = new ArrayList<>();
        int start = 0;
        int startLine = 0;
        int line = 0;
        boolean afterSeparator = false;
        int i = 0;
        while (i <= text.length()) {
            int end = text.indexOf('\n', i);
            int lineEnd = end < 0 ? text.length() : end;
            if (isSeparator(text, i, lineEnd)) {
                out.add(new Segment(text.substring(start, i), startLine, afterSeparator));
                afterSeparator = true;
                start = lineEnd + 1;
                startLine = line + 1;
            }
            if (end < 0) {
                break;
            }
            i = end + 1;
            line++;
        }
        out.add(new Segment(start <= text.length() ? text.substring(Math.min(start, text.length())) : "", startLine,
                afterSeparator));
        return out;
    }

    private static boolean isSeparator(String text, int from, int to) {
        if (to - from < 3 || !text.startsWith("---", from)) {
            return false;
        }
        for (int k = from + 3; k < to; k++) {
            char c = text.charAt(k);
            if (c == '#') {
                return k > from + 3 && Character.isWhitespace(text.charAt(k - 1));
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** A piece of the stream between separators; {@code afterSeparator} pieces are documents even when empty. */
    record Segment(String text, int firstLine, boolean afterSeparator) {}

    private static String problem(MarkedYAMLException e) {
        String p = e.getProblem() == null ? "syntax error" : e.getProblem();
        return p.length() > 200 ? p.substring(0, 200) + "…" : p;
    }

    /** The state of one load: the stack of open collections and the anchors of the current document. */
    private final class Run {
        private final String file;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, Anchored> anchors = new HashMap<>();
        private final List<ParsedDocument> documents = new ArrayList<>();
        private long nodes;
        private int aliases;
        private int documentIndex = -1;
        private int documentLine;
        private int lineOffset;
        private Object root;

        Run(String file) {
            this.file = file;
        }

        void segment(Parser parser, Segment segment) {
            lineOffset = segment.firstLine();
            int before = documents.size();
            while (true) {
                Event event = parser.getEvent();
                switch (event.getEventId()) {
                    case StreamStart:
                        break;
                    case StreamEnd:
                        if (documents.size() == before && segment.afterSeparator()) {
                            documents.add(new ParsedDocument(++documentIndex, lineOffset + 1, null));
                        }
                        return;
                    case DocumentStart:
                        documentIndex++;
                        anchors.clear();
                        nodes = 0;
                        aliases = 0;
                        root = null;
                        documentLine = 0;
                        break;
                    case DocumentEnd:
                        documents.add(new ParsedDocument(documentIndex,
                                documentLine > 0 ? documentLine : line(event), root));
                        break;
                    case MappingStart:
                    case SequenceStart:
                        open((CollectionStartEvent) event);
                        break;
                    case MappingEnd:
                    case SequenceEnd:
                        close(event);
                        break;
                    case Scalar:
                        scalar((ScalarEvent) event);
                        break;
                    case Alias:
                        alias((AliasEvent) event);
                        break;
                    default:
                        break;
                }
            }
        }

        private int line(Event event) {
            return event.getStartMark() == null ? 0 : lineOffset + event.getStartMark().getLine() + 1;
        }

        private void open(CollectionStartEvent event) {
            boolean mapping = event.getEventId() == Event.ID.MappingStart;
            String tag = event.getTag();
            if (tag != null && !tag.equals("!") && !tag.equals(mapping ? MAP : SEQ)) {
                throw error(Reason.POLICY, event, "tag " + shortTag(tag) + " is not allowed (custom tags are refused)");
            }
            Frame parent = stack.peek();
            if (parent != null && parent.expectingKey()) {
                throw error(Reason.INVALID_INPUT, event, "a " + (mapping ? "map" : "list")
                        + " cannot be a map key (JSON keys are strings)");
            }
            if (stack.size() >= limits.maxNestingDepth()) {
                throw error(Reason.LIMIT, event, "nested deeper than " + limits.maxNestingDepth() + " levels");
            }
            count(event, 1);
            stack.push(new Frame(mapping, event.getAnchor(), nodes));
        }

        private void close(Event event) {
            Frame frame = stack.pop();
            Object value = frame.mapping ? frame.map : frame.list;
            if (frame.anchor != null) {
                anchors.put(frame.anchor, new Anchored(value, nodes - frame.nodesAtStart + 1));
            }
            add(value, event);
        }

        private void scalar(ScalarEvent event) {
            count(event, 1);
            Frame parent = stack.peek();
            String tag = event.getTag();
            Object value;
            if (parent != null && parent.expectingKey() && tag == null && event.isPlain()
                    && event.getValue().equals("<<")) {
                value = Frame.MERGE_KEY;
            } else if (MERGE.equals(tag) && parent != null && parent.expectingKey()) {
                value = Frame.MERGE_KEY;
            } else if (tag == null && parent != null && parent.expectingKey() && event.isPlain()) {
                try {
                    value = new KeyText(YamlScalars.plainKey(event.getValue()));
                } catch (IllegalArgumentException e) {
                    throw error(Reason.INVALID_INPUT, event, e.getMessage());
                }
            } else if (tag == null) {
                value = event.getImplicit().canOmitTagInPlainScalar() && event.isPlain()
                        ? YamlScalars.plain(event.getValue()) : event.getValue();
            } else {
                if (!tag.startsWith("tag:yaml.org,2002:") && !tag.equals("!")) {
                    throw error(Reason.POLICY, event, "tag " + shortTag(tag)
                            + " is not allowed (custom tags are refused)");
                }
                try {
                    value = YamlScalars.tagged(tag, event.getValue());
                } catch (IllegalArgumentException e) {
                    String why = e.getMessage().replace("tag:yaml.org,2002:", "!!");
                    throw error(why.contains("not allowed") ? Reason.POLICY : Reason.INVALID_INPUT, event,
                            why + (why.contains("not allowed") ? " (custom tags are refused)" : ""));
                }
            }
            if (value == YamlScalars.NOT_JSON) {
                throw error(Reason.INVALID_INPUT, event, "'" + event.getValue()
                        + "' (infinity or NaN) cannot be represented in JSON");
            }
            if (event.getAnchor() != null) {
                anchors.put(event.getAnchor(), new Anchored(value instanceof KeyText
                        ? YamlScalars.plain(event.getValue()) : value, 1));
            }
            add(value, event);
        }

        private void alias(AliasEvent event) {
            Anchored target = anchors.get(event.getAnchor());
            if (target == null) {
                throw error(Reason.INVALID_INPUT, event, "unknown anchor '" + event.getAnchor() + "'");
            }
            if (++aliases > limits.maxAliases()) {
                throw error(Reason.LIMIT, event, "more than " + limits.maxAliases() + " aliases in one document");
            }
            count(event, target.nodes);
            Frame parent = stack.peek();
            if (parent != null && parent.expectingKey() && (target.value instanceof Map
                    || target.value instanceof List)) {
                throw error(Reason.INVALID_INPUT, event, "a collection cannot be a map key (JSON keys are strings)");
            }
            add(target.value, event);
        }

        private void count(Event event, long n) {
            if (documentLine == 0) {
                documentLine = line(event);
            }
            nodes += n;
            if (nodes > limits.maxExpandedNodes()) {
                throw error(Reason.LIMIT, event, "document expands to more than " + limits.maxExpandedNodes()
                        + " nodes (aliases nested too deeply: billion laughs?)");
            }
        }

        private void add(Object value, Event event) {
            Frame parent = stack.peek();
            if (parent == null) {
                root = value;
                return;
            }
            if (!parent.mapping) {
                parent.list.add(value);
                return;
            }
            if (parent.expectingKey()) {
                if (value == Frame.MERGE_KEY) {
                    parent.pendingKey = Frame.MERGE_KEY;
                    return;
                }
                String key;
                try {
                    key = value instanceof KeyText ? ((KeyText) value).text() : YamlScalars.key(value);
                } catch (IllegalArgumentException e) {
                    throw error(Reason.INVALID_INPUT, event, e.getMessage());
                }
                if (!parent.addExplicitKey(key)) {
                    throw error(Reason.INVALID_INPUT, event, "duplicate key '" + shorten(key) + "'");
                }
                parent.pendingKey = key;
                return;
            }
            Object key = parent.pendingKey;
            parent.pendingKey = null;
            if (key == Frame.MERGE_KEY) {
                parent.beforeMerge();
                merge(parent, value, event);
            } else {
                parent.map.put((String) key, value);
            }
        }

        @SuppressWarnings("unchecked")
        private void merge(Frame target, Object value, Event event) {
            if (value instanceof Map) {
                target.map.putAll((Map<String, Object>) value);
            } else if (value instanceof List) {
                List<?> sources = (List<?>) value;
                for (int i = sources.size() - 1; i >= 0; i--) {
                    if (!(sources.get(i) instanceof Map)) {
                        throw error(Reason.INVALID_INPUT, event, "a merge key (<<) needs a map or a list of maps");
                    }
                    target.map.putAll((Map<String, Object>) sources.get(i));
                }
            } else {
                throw error(Reason.INVALID_INPUT, event, "a merge key (<<) needs a map or a list of maps");
            }
        }

        private RenderException error(Reason reason, Event event, String message) {
            return new RenderException(reason, file, line(event), message, null);
        }
    }

    private static String shortTag(String tag) {
        String t = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length()) : tag;
        return shorten(t);
    }

    private static String shorten(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** A plain scalar key already converted the way sigs.k8s.io/yaml converts keys. */
    private record KeyText(String text) {}

    /** An anchored value and how many nodes it stands for once expanded. */
    private record Anchored(Object value, long nodes) {}

    /** One open map or list. */
    private static final class Frame {
        static final Object MERGE_KEY = new Object();
        final boolean mapping;
        final String anchor;
        final long nodesAtStart;
        final LinkedHashMap<String, Object> map;
        final ArrayList<Object> list;
        /** Keys written in this mapping; null until a merge key brings in keys that were not written here. */
        Set<String> explicitKeys;
        Object pendingKey;

        Frame(boolean mapping, String anchor, long nodesAtStart) {
            this.mapping = mapping;
            this.anchor = anchor;
            this.nodesAtStart = nodesAtStart;
            this.map = mapping ? new LinkedHashMap<>() : null;
            this.list = mapping ? null : new ArrayList<>();
        }

        /** @return false when the key was already written in this mapping (merged keys may be overridden) */
        boolean addExplicitKey(String key) {
            return explicitKeys == null ? !map.containsKey(key) : explicitKeys.add(key);
        }

        /** Until the first merge, the map's keys are exactly the written ones; from then on they are tracked. */
        void beforeMerge() {
            if (explicitKeys == null) {
                explicitKeys = new HashSet<>(map.keySet());
            }
        }

        boolean expectingKey() {
            return mapping && pendingKey == null;
        }
    }
}
