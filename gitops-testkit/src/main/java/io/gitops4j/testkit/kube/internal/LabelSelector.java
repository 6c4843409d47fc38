package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed label selector with the full grammar of the API server: {@code k=v}, {@code k==v}, {@code k!=v},
 * {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} (exists), {@code !k} (does not exist), {@code k>1},
 * {@code k<1}; requirements joined by commas are ANDed. Immutable and thread-safe.
 */
public final class LabelSelector {

    enum Op { EQ, NEQ, IN, NOTIN, EXISTS, NOT_EXISTS, GT, LT }

    record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, ?> labels) {
            Object raw = labels.get(key);
            String v = raw == null ? (labels.containsKey(key) ? "" : null) : String.valueOf(raw);
            return switch (op) {
                case EXISTS -> v != null;
                case NOT_EXISTS -> v == null;
                case EQ, IN -> v != null && values.contains(v);
                case NEQ, NOTIN -> v == null || !values.contains(v);
                case GT, LT -> v != null && compare(v, values.iterator().next());
            };
        }

        private boolean compare(String have, String limit) {
            try {
                long a = Long.parseLong(have);
                long b = Long.parseLong(limit);
                return op == Op.GT ? a > b : a < b;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** Selects everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** Whether the labels satisfy every requirement. */
    public boolean matches(Map<String, ?> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether an object's {@code metadata.labels} satisfy every requirement (no copy is made). */
    public boolean matchesObject(Map<String, Object> object) {
        if (requirements.isEmpty()) {
            return true;
        }
        Map<String, Object> labels = Trees.map(Trees.map(object, "metadata"), "labels");
        return matches(labels == null ? Map.of() : labels);
    }

    /** Whether this selects everything. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /**
     * Parses a selector.
     *
     * @throws FakeKubeException 400 BadRequest on a syntax error
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new Parser(text).parse();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        LabelSelector parse() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                out.add(requirement());
                skipSpace();
                if (pos >= s.length()) {
                    return new LabelSelector(out);
                }
                expect(',');
            }
        }

        private Requirement requirement() {
            skipSpace();
            if (peek() == '!') {
                pos++;
                String key = identifier("key");
                return new Requirement(key, Op.NOT_EXISTS, Set.of());
            }
            String key = identifier("key");
            skipSpace();
            if (pos >= s.length() || peek() == ',') {
                return new Requirement(key, Op.EXISTS, Set.of());
            }
            char c = peek();
            if (c == '=') {
                pos++;
                if (peek() == '=') {
                    pos++;
                }
                return new Requirement(key, Op.EQ, Set.of(value()));
            }
            if (c == '!') {
                pos++;
                expect('=');
                return new Requirement(key, Op.NEQ, Set.of(value()));
            }
            if (c == '>' || c == '<') {
                pos++;
                String v = value();
                try {
                    Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw error("for 'Gt', 'Lt' operators, the value must be an integer");
                }
                return new Requirement(key, c == '>' ? Op.GT : Op.LT, Set.of(v));
            }
            String word = identifier("operator");
            Op op = switch (word) {
                case "in" -> Op.IN;
                case "notin" -> Op.NOTIN;
                default -> throw error("found '" + word + "', expected: in, notin, =, ==, !=, gt, lt");
            };
            skipSpace();
            expect('(');
            List<String> values = new ArrayList<>();
            skipSpace();
            if (peek() == ')') {
                throw error("for 'in', 'notin' operators, values set can't be empty");
            }
            while (true) {
                values.add(value());
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                expect(',');
            }
            return new Requirement(key, op, Set.copyOf(values));
        }

        private String value() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && !isDelimiter(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String identifier(String what) {
            skipSpace();
            int start = pos;
            while (pos < s.length() && !isDelimiter(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("found '" + (pos < s.length() ? String.valueOf(s.charAt(pos)) : "") + "', expected: "
                        + what);
            }
            return s.substring(start, pos);
        }

        private static boolean isDelimiter(char c) {
            return Character.isWhitespace(c) || c == ',' || c == '=' || c == '!' || c == '(' || c == ')'
                    || c == '<' || c == '>';
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw error("found '" + (pos < s.length() ? String.valueOf(s.charAt(pos)) : "") + "', expected: '"
                        + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private FakeKubeException error(String why) {
            return FakeKubeException.badRequest("unable to parse requirement: " + why);
        }
    }
}
