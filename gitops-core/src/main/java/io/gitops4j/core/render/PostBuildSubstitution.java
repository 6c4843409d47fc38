package io.gitops4j.core.render;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link Substitution} to rendered objects as Flux's kustomize-controller does after {@code kustomize
 * build}: per object, unless the object is labelled or annotated {@value #DISABLE_KEY}{@code : disabled}; in every
 * string and map key ({@link SubstitutionExpander}); and with Flux's typing: Flux writes each object back as YAML
 * (go-yaml v2), substitutes in that text and reads it again, so a string go-yaml writes unquoted takes the type of
 * its new text ({@code replicas: ${REPLICAS}} → the number 3, {@code ${quote}${n}${quote}} with {@code quote="}
 * → the string {@code "3"}), while one it quotes or writes as a block stays a string ({@link YamlPlainStyle}). The
 * new text is read with the same loader and typing as any manifest. When no variable is defined nothing changes.
 *
 * <p>The renderers run this on their objects before identities are checked, so <code>namespace: ${NS}</code>
 * passes once substituted, and a value that makes an invalid name, namespace, apiVersion or kind is refused naming
 * the object's file, the field and the variables, never the value. Objects that change are size-checked again
 * (RD-03). Errors are {@link RenderException}s ({@link Reason#INVALID_INPUT}) naming file, document and field; no
 * message, log or exception ever holds a variable's value.
 *
 * <p>Thread-safe and stateless apart from its limits. Custom renderers may call it on their output too.
 */
public final class PostBuildSubstitution {
    /** The label or annotation that turns substitution off for one object (value {@code disabled}). */
    public static final String DISABLE_KEY = "kustomize.toolkit.fluxcd.io/substitute";

    private final YamlLimits limits;
    private final SafeYamlLoader yaml;

    /** @param limits the budgets substituted objects are checked against */
    public PostBuildSubstitution(YamlLimits limits) {
        this.limits = limits;
        this.yaml = new SafeYamlLoader(limits);
    }

    /**
     * @return the objects with variables substituted, in the same order; {@code manifests} itself when substitution
     *     is off
     * @throws RenderException naming file, document and field, for a malformed expression, an undefined variable in
     *     strict mode, or a result that is not valid YAML or not a valid object
     */
    public List<Manifest> apply(List<Manifest> manifests, Substitution substitution) {
        if (!substitution.isEnabled()) {
            return manifests;
        }
        SubstitutionExpander expander = new SubstitutionExpander(substitution.variables(), substitution.strict());
        List<Manifest> out = new ArrayList<>(manifests.size());
        for (Manifest manifest : manifests) {
            out.add(disabled(manifest) ? manifest : substitute(manifest, expander));
        }
        return out;
    }

    private static boolean disabled(Manifest manifest) {
        return "disabled".equals(manifest.labels().get(DISABLE_KEY))
                || "disabled".equals(manifest.annotations().get(DISABLE_KEY));
    }

    private Manifest substitute(Manifest manifest, SubstitutionExpander expander) {
        ObjectWalk walk = new ObjectWalk(manifest, expander);
        Object tree = walk.node(manifest.tree(), FieldPath.ROOT, false);
        if (tree == manifest.tree()) {
            return manifest;
        }
        if (!(tree instanceof Map)) {
            throw walk.error("", "the object is no longer a map after substitution");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> map = (Map<String, ?>) tree;
        Manifest result;
        try {
            result = Manifest.of(map, manifest.origin());
        } catch (InvalidSpecException e) {
            throw walk.error(e.field(), "not a valid value after substitution");
        }
        walk.checkIdentity(result);
        ObjectSizes.check(result, limits);
        return result;
    }

    /** One object's substitution: the fields changed and the variables each used, for error messages. */
    private final class ObjectWalk {
        private final Manifest manifest;
        private final SubstitutionExpander expander;
        private final Map<String, Set<String>> usedByField = new LinkedHashMap<>();

        ObjectWalk(Manifest manifest, SubstitutionExpander expander) {
            this.manifest = manifest;
            this.expander = expander;
        }

        /**
         * @return the substituted node, or {@code node} itself when nothing in it changed (then nothing was copied,
         *     and no path was written out: they are only for messages)
         */
        Object node(Object node, FieldPath path, boolean item) {
            if (node instanceof String text) {
                return scalar(text, path, item);
            }
            if (node instanceof Map<?, ?> map) {
                Map<String, Object> copy = null;
                int seen = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = (String) e.getKey();
                    FieldPath child = path.child(key);
                    String newKey = key(key, child);
                    Object value = node(e.getValue(), child, false);
                    if (copy == null && (!newKey.equals(key) || value != e.getValue())) {
                        copy = new LinkedHashMap<>();
                        for (Map.Entry<?, ?> before : map.entrySet()) {
                            if (copy.size() == seen) {
                                break;
                            }
                            copy.put((String) before.getKey(), before.getValue());
                        }
                    }
                    if (copy != null && copy.put(newKey, value) != null) {
                        throw error(child.toString(), "two keys are the same after substitution");
                    }
                    seen++;
                }
                return copy == null ? node : copy;
            }
            if (node instanceof List<?> list) {
                List<Object> copy = null;
                for (int i = 0; i < list.size(); i++) {
                    Object value = node(list.get(i), path.item(i), true);
                    if (copy == null && value != list.get(i)) {
                        copy = new ArrayList<>(list.subList(0, i));
                    }
                    if (copy != null) {
                        copy.add(value);
                    }
                }
                return copy == null ? node : copy;
            }
            return node;
        }

        private Object scalar(String text, FieldPath at, boolean item) {
            String expanded = expand(text, at);
            if (expanded == null) {
                return text;
            }
            if (!YamlPlainStyle.isPlain(text)) {
                return expanded;
            }
            if (isBareWord(expanded)) {
                Object typed = YamlScalars.plain(expanded);
                if (typed != YamlScalars.NOT_JSON) {
                    return typed;   // what the loader would make of it, without a parser
                }
            }
            Object root = reread((item ? "- " : "v: ") + expanded, at.toString());
            return item ? ((List<?>) root).get(0) : ((Map<?, ?>) root).get("v");
        }

        private String key(String key, FieldPath at) {
            String expanded = expand(key, at);
            if (expanded == null || !YamlPlainStyle.isPlain(key)) {
                return expanded == null ? key : expanded;
            }
            Map<?, ?> root = (Map<?, ?>) reread(expanded + ": ~", at.toString());
            if (root.size() != 1 || root.values().iterator().next() != null) {
                throw error(at.toString(), "the key is not a single key after substitution");
            }
            return (String) root.keySet().iterator().next();
        }

        /**
         * @return whether {@code text} is one plain scalar in any YAML context: letters, digits and {@code ._/+-},
         *     starting with a letter, a digit or {@code _}
         */
        private static boolean isBareWord(String text) {
            if (text.isEmpty() || !(Character.isLetterOrDigit(text.charAt(0)) || text.charAt(0) == '_')) {
                return false;
            }
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && c != '/' && c != '+' && c != '-') {
                    return false;
                }
            }
            return true;
        }

        /** @return the expanded text, or null when it is the text itself */
        private String expand(String text, FieldPath at) {
            if (!SubstitutionExpander.mayChange(text)) {
                return null;
            }
            String path = at.toString();
            SubstitutionExpander.Expansion expansion;
            try {
                expansion = expander.expand(text);
            } catch (SubstitutionExpander.Failure e) {
                throw error(path, e.getMessage());
            }
            usedByField.computeIfAbsent(path, p -> new LinkedHashSet<>()).addAll(expansion.used());
            return expansion.text().equals(text) ? null : expansion.text();
        }

        /** Reads one substituted line back as YAML, as Flux reads the substituted object. */
        private Object reread(String line, String path) {
            List<ParsedDocument> docs;
            try {
                docs = yaml.load(manifest.origin().file(), line);
            } catch (RenderException e) {
                throw error(path, "the value is not valid YAML after substitution" + variables(path));
            }
            if (docs.size() != 1) {
                throw error(path, "the value is not one YAML value after substitution" + variables(path));
            }
            return docs.get(0).root();
        }

        /** Refuses an identity made invalid by a substitution, naming the field and the variables only. */
        void checkIdentity(Manifest result) {
            for (String field : List.of("apiVersion", "kind", "metadata.name")) {
                Object value = result.get(field.split("\\.")).orElse(null);
                if (usedByField.containsKey(field) && (!(value instanceof String) || ((String) value).isEmpty())) {
                    throw error(field, "empty or not a string after substitution" + variables(field));
                }
            }
            try {
                result.key();
            } catch (InvalidSpecException e) {
                String field = switch (e.field()) {
                    case "group", "version" -> "apiVersion";
                    case "namespace" -> "metadata.namespace";
                    case "name" -> "metadata.name";
                    default -> e.field();
                };
                if (usedByField.containsKey(field)) {
                    throw error(field, "not a valid " + e.field() + " after substitution" + variables(field));
                }
                // not caused by a substitution: the renderer reports it as for any object
            }
        }

        private String variables(String path) {
            Set<String> used = usedByField.get(path);
            return used == null || used.isEmpty() ? "" : " of " + String.join(", ", used.stream()
                    .map(v -> "${" + v + "}").toList());
        }

        RenderException error(String path, String message) {
            String where = "document " + Math.max(0, manifest.origin().documentIndex()) + ": "
                    + manifest.kind() + (path.isEmpty() ? "" : " " + path) + ": ";
            return new RenderException(Reason.INVALID_INPUT, manifest.origin().file(), 0, where + message, null);
        }
    }

    /** Where a value sits in an object ({@code spec.containers[0].image}), written out only when a message needs it. */
    private record FieldPath(FieldPath parent, String key, int index) {
        static final FieldPath ROOT = new FieldPath(null, "", -1);

        FieldPath child(String name) {
            return new FieldPath(this, name, -1);
        }

        FieldPath item(int i) {
            return new FieldPath(this, "", i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String up = parent.toString();
            if (index >= 0) {
                return up + "[" + index + "]";
            }
            return up.isEmpty() ? key : up + "." + key;
        }
    }
}
