package io.gitops4j.examples.serve.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One node of {@code apps.yaml} with its field path and line, so every refusal names the file, the line and the
 * field. Reading a mapping checks its keys: a duplicate, an unknown key, or a key that looks like an inline secret
 * ({@code token:}, {@code password:} — anything naming a token, password, secret, passphrase or private key that is
 * not an {@code …Env} or {@code …File} reference) is refused. Values that may be secret are never quoted in a
 * message. Immutable; not shared between threads.
 */
final class ConfigNode {
    private static final Pattern SECRET_LIKE = Pattern.compile(
            ".*(token|password|passwd|secret|passphrase|privatekey|sshkey|apikey).*");
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL, Tag.MAP,
            Tag.SEQ);

    private final String file;
    private final String path;
    private final Node node;

    ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (!PLAIN_TAGS.contains(node.getTag())) {
            throw error("a YAML tag is not allowed here");
        }
    }

    /** @return the field path, {@code ""} for the document */
    String path() {
        return path;
    }

    /** @return the 1-based line where the node starts */
    int line() {
        return node.getStartMark().getLine() + 1;
    }

    /** @return a refusal naming this node's file, line and field */
    ConfigException error(String problem) {
        return new ConfigException(file, line(), path, problem);
    }

    /** @return the node's text; refused unless it is a non-empty scalar */
    String text() {
        if (!(node instanceof ScalarNode s) || node.getTag().equals(Tag.NULL)) {
            throw error("must be a value, not " + describe());
        }
        if (s.getValue().isBlank()) {
            throw error("must not be empty");
        }
        return s.getValue();
    }

    /** @return true or false; refused for anything else (YAML 1.1's {@code yes}/{@code on} included) */
    boolean bool() {
        String v = text();
        if (!v.equals("true") && !v.equals("false")) {
            throw error("must be true or false");
        }
        return v.equals("true");
    }

    /** @return a whole number in the range */
    int integer(int min, int max) {
        String v = text();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw error("must be a whole number from " + min + " to " + max);
    }

    /** @return a duration such as {@code 90s}, {@code 3m} or {@code 1h30m} */
    Duration duration() {
        return Durations.parse(text()).orElseThrow(() -> error("must be a duration such as 90s, 3m or 1h30m"));
    }

    /** @return the items of a sequence */
    List<ConfigNode> items() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("must be a list, not " + describe());
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new ConfigNode(file, path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    /**
     * @param allowed the keys this mapping may have
     * @return the mapping's entries, checked
     */
    Fields fields(Set<String> allowed) {
        return new Fields(this, entries(allowed, false));
    }

    /** @return the entries of a mapping whose keys are names chosen by the user (cluster names, providers) */
    Map<String, ConfigNode> namedEntries() {
        return entries(Set.of(), true);
    }

    private Map<String, ConfigNode> entries(Set<String> allowed, boolean anyKey) {
        if (!(node instanceof MappingNode map)) {
            throw error("must be a mapping of fields, not " + describe());
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            ConfigNode keyNode = new ConfigNode(file, path, t.getKeyNode());
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw keyNode.error("a key must be a plain name");
            }
            String key = k.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            ConfigNode child = new ConfigNode(file, childPath, t.getValueNode());
            ConfigNode at = new ConfigNode(file, childPath, t.getKeyNode());
            if (looksLikeInlineSecret(key)) {
                throw at.error("looks like an inline secret; name an environment variable (…Env) or a file "
                        + "(…File) that holds it instead");
            }
            if (!anyKey && !allowed.contains(key)) {
                throw at.error("unknown field (expected one of " + String.join(", ", allowed.stream().sorted()
                        .toList()) + ")");
            }
            if (out.putIfAbsent(key, child) != null) {
                throw at.error("appears twice");
            }
        }
        return out;
    }

    static boolean looksLikeInlineSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return SECRET_LIKE.matcher(k).matches() && !k.endsWith("env") && !k.endsWith("file");
    }

    private String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node.getTag().equals(Tag.NULL) ? "nothing" : "a value";
    }

    /** The checked fields of one mapping. */
    static final class Fields {
        private final ConfigNode owner;
        private final Map<String, ConfigNode> entries;

        Fields(ConfigNode owner, Map<String, ConfigNode> entries) {
            this.owner = owner;
            this.entries = entries;
        }

        /** @return the field, if present */
        Optional<ConfigNode> optional(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** @return the field; refused naming it when absent */
        ConfigNode required(String key) {
            ConfigNode n = entries.get(key);
            if (n == null) {
                String field = owner.path.isEmpty() ? key : owner.path + "." + key;
                throw new ConfigException(owner.file, owner.line(), field, "is required");
            }
            return n;
        }

        /** @return the mapping itself */
        ConfigNode node() {
            return owner;
        }
    }
}
