package io.gitops4j.core.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Expands Flux's post-build variable expressions in one string, with the behaviour Flux documents for its envsubst
 * (a fork of drone/envsubst); see {@code docs/rendering.md}:
 * <ul>
 *   <li><code>${var}</code>; an undefined variable is {@code ""}, or an error naming it in strict mode;</li>
 *   <li>defaults <code>${var:=word}</code>, <code>${var:-word}</code>, <code>${var=word}</code>: the word (which may
 *       hold expressions) when the value is undefined or empty; never an error in strict mode;</li>
 *   <li><code>${#var}</code> length; <code>${var^}</code>, <code>${var^^}</code>, <code>${var,}</code>,
 *       <code>${var,,}</code> case; <code>${var:offset}</code>, <code>${var:offset:length}</code> substring
 *       (negative values count from the end); <code>${var#glob}</code>, <code>${var##glob}</code>,
 *       <code>${var%glob}</code>, <code>${var%%glob}</code> shortest/longest prefix/suffix removal ({@link
 *       ShellPattern}); <code>${var/text/repl}</code>, <code>${var//text/repl}</code>, <code>${var/#text/repl}</code>,
 *       <code>${var/%text/repl}</code> literal replacement (first, all, prefix, suffix; {@code \/} and {@code \\}
 *       escape inside them);</li>
 *   <li>{@code $$} outside an expression is a literal {@code $}, so <code>$${var}</code> gives <code>${var}</code>;
 *       a {@code $} not followed by <code>{</code> or {@code $} stays; {@code $var} is never expanded.</li>
 * </ul>
 * {@code ${var:?word}} and {@code ${var:+word}} are refused (Flux documents them as unsupported). Lengths and
 * offsets count characters (code points).
 *
 * <p>Errors are {@link Failure}s whose message names the expression or the variable, never a value. Stateless and
 * thread-safe.
 */
final class SubstitutionExpander {
    private static final Set<String> DEFAULTS = Set.of("=", ":=", ":-");

    private final Map<String, String> variables;
    private final boolean strict;

    /**
     * @param variables the defined variables
     * @param strict whether a variable used without a default and not defined is an error
     */
    SubstitutionExpander(Map<String, String> variables, boolean strict) {
        this.variables = variables;
        this.strict = strict;
    }

    /** Why a string could not be expanded; the message holds no value. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** The expanded text and the variables it referenced, each once, in evaluation order (arguments first). */
    record Expansion(String text, List<String> used) {}

    /**
     * @return whether {@code text} holds anything this class would change (a {@code $} followed by <code>{</code> or
     *     {@code $})
     */
    static boolean mayChange(String text) {
        int i = text.indexOf('$');
        while (i >= 0 && i + 1 < text.length()) {
            char next = text.charAt(i + 1);
            if (next == '{' || next == '$') {
                return true;
            }
            i = text.indexOf('$', i + 1);
        }
        return false;
    }

    /**
     * @throws Failure for a malformed or unsupported expression, or an undefined variable in strict mode
     */
    Expansion expand(String text) {
        Run run = new Run(text);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i = run.expression(i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return new Expansion(out.toString(), List.copyOf(run.used));
    }

    /** One expansion: the text, and the variables met so far. */
    private final class Run {
        private final String text;
        private final List<String> used = new ArrayList<>();

        Run(String text) {
            this.text = text;
        }

        /** Expands the expression starting at {@code start} (at <code>${</code>) into {@code out}; @return its end. */
        int expression(int start, StringBuilder out) {
            int i = start + 2;
            boolean length = i < text.length() && text.charAt(i) == '#';
            if (length) {
                i++;
            }
            int nameEnd = i;
            while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == i) {
                throw bad(start, "no variable name");
            }
            String name = text.substring(i, nameEnd);
            i = nameEnd;
            if (i >= text.length()) {
                throw bad(start, "missing closing brace");
            }
            if (length) {
                expectClose(start, i);
                String value = lookup(name, "#");
                out.append(value.codePointCount(0, value.length()));
                return i + 1;
            }
            char c = text.charAt(i);
            String operator;
            List<String> args = new ArrayList<>();
            switch (c) {
                case '}' -> {
                    out.append(lookup(name, ""));
                    return i + 1;
                }
                case ':' -> {
                    char next = i + 1 < text.length() ? text.charAt(i + 1) : '}';
                    if (next == '=' || next == '-') {
                        operator = ":" + next;
                        i = argument(start, i + 2, "}", false, args);
                    } else if (next == '?' || next == '+') {
                        throw bad(start, "the operator :" + next + " is not supported");
                    } else {
                        operator = ":";
                        i = argument(start, i + 1, ":}", false, args);
                        if (args.get(0).isEmpty()) {
                            throw bad(start, "no offset");
                        }
                        if (text.charAt(i) == ':') {
                            i = argument(start, i + 1, "}", false, args);
                        }
                    }
                }
                case '=' -> {
                    operator = "=";
                    i = argument(start, i + 1, "}", false, args);
                }
                case '^', ',' -> {
                    operator = text.startsWith(String.valueOf(c) + c, i) ? "" + c + c : "" + c;
                    i += operator.length();
                }
                case '#', '%' -> {
                    operator = text.startsWith(String.valueOf(c) + c, i) ? "" + c + c : "" + c;
                    i = argument(start, i + operator.length(), "}", false, args);
                    if (args.get(0).isEmpty()) {
                        throw bad(start, "no pattern");
                    }
                }
                case '/' -> {
                    char next = i + 1 < text.length() ? text.charAt(i + 1) : '}';
                    operator = next == '/' || next == '#' || next == '%' ? "/" + next : "/";
                    i = argument(start, i + operator.length(), "/}", true, args);
                    if (i >= text.length() || text.charAt(i) != '/') {
                        throw bad(start, "a replacement needs a second /");
                    }
                    if (i + 1 < text.length() && text.charAt(i + 1) != '}') {
                        i = argument(start, i + 1, "}", true, args);
                    } else {
                        i++;
                    }
                }
                default -> throw bad(start, "missing closing brace");
            }
            expectClose(start, i);
            out.append(apply(name, operator, args));
            return i + 1;
        }

        /**
         * Reads one argument (text and nested expressions) up to a character of {@code stops}; @return the index of
         * that character.
         */
        private int argument(int start, int from, String stops, boolean escapes, List<String> args) {
            StringBuilder arg = new StringBuilder();
            int i = from;
            while (i < text.length() && stops.indexOf(text.charAt(i)) < 0) {
                char c = text.charAt(i);
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (c == '$' && next == '{') {
                    i = expression(i, arg);
                } else if (escapes && ((c == '$' && next == '$') || (c == '\\' && (next == '/' || next == '\\')))) {
                    arg.append(next);
                    i += 2;
                } else {
                    arg.append(c);
                    i++;
                }
            }
            if (i >= text.length()) {
                throw bad(start, "missing closing brace");
            }
            args.add(arg.toString());
            return i;
        }

        private void expectClose(int start, int i) {
            if (i >= text.length() || text.charAt(i) != '}') {
                throw bad(start, "missing closing brace");
            }
        }

        private String apply(String name, String operator, List<String> args) {
            String value = lookup(name, operator);
            return switch (operator) {
                case "=", ":=", ":-" -> value.isEmpty() ? String.join("", args) : value;
                case "^" -> value.isEmpty() ? value
                        : value.substring(0, value.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
                                + value.substring(value.offsetByCodePoints(0, 1));
                case "^^" -> value.toUpperCase(Locale.ROOT);
                case "," -> value.isEmpty() ? value
                        : value.substring(0, value.offsetByCodePoints(0, 1)).toLowerCase(Locale.ROOT)
                                + value.substring(value.offsetByCodePoints(0, 1));
                case ",," -> value.toLowerCase(Locale.ROOT);
                case ":" -> substring(value, args);
                case "#" -> ShellPattern.removePrefix(value, args.get(0), false);
                case "##" -> ShellPattern.removePrefix(value, args.get(0), true);
                case "%" -> ShellPattern.removeSuffix(value, args.get(0), false);
                case "%%" -> ShellPattern.removeSuffix(value, args.get(0), true);
                case "/" -> replaceFirst(value, args.get(0), args.size() > 1 ? args.get(1) : "");
                case "//" -> replaceAll(value, args.get(0), args.size() > 1 ? args.get(1) : "");
                case "/#" -> args.size() == 2 && value.startsWith(args.get(0))
                        ? args.get(1) + value.substring(args.get(0).length()) : value;
                case "/%" -> args.size() == 2 && value.endsWith(args.get(0))
                        ? value.substring(0, value.length() - args.get(0).length()) + args.get(1) : value;
                default -> throw new IllegalStateException("operator " + operator);
            };
        }

        private String lookup(String name, String operator) {
            if (!used.contains(name)) {
                used.add(name);
            }
            String value = variables.get(name);
            if (value == null) {
                if (strict && !DEFAULTS.contains(operator)) {
                    throw new Failure("variable " + name + " is not defined (strict substitution)");
                }
                return "";
            }
            return value;
        }

        private Failure bad(int start, String why) {
            int end = text.indexOf('}', start);
            String expression = end < 0 ? text.substring(start) : text.substring(start, end + 1);
            if (expression.length() > 80) {
                expression = expression.substring(0, 80) + "…";
            }
            return new Failure("bad substitution " + expression.replaceAll("\\p{Cntrl}", "?") + ": " + why);
        }
    }

    /** Go's {@code strings.Replace(s, old, new, 1)}: an empty {@code old} puts {@code repl} in front. */
    private static String replaceFirst(String value, String old, String repl) {
        int at = value.indexOf(old);
        return at < 0 ? value : value.substring(0, at) + repl + value.substring(at + old.length());
    }

    /** Go's {@code strings.Replace(s, old, new, -1)}: an empty {@code old} puts {@code repl} around every character. */
    private static String replaceAll(String value, String old, String repl) {
        if (!old.isEmpty()) {
            return value.replace(old, repl);
        }
        StringBuilder out = new StringBuilder(repl);
        value.codePoints().forEach(cp -> out.appendCodePoint(cp).append(repl));
        return out.toString();
    }

    /** {@code ${var:offset[:length]}}: offsets that are not integers leave the value as it is. */
    private static String substring(String value, List<String> args) {
        int[] cps = value.codePoints().toArray();
        Integer pos = integer(args.get(0));
        if (pos == null) {
            return value;
        }
        int start = pos < 0 ? Math.max(0, cps.length + pos) : pos;
        if (start >= cps.length) {
            return "";
        }
        if (args.size() == 1) {
            return new String(cps, start, cps.length - start);
        }
        Integer length = integer(args.get(1));
        if (length == null) {
            return value;
        }
        int end = length < 0 ? cps.length + length : Math.min(cps.length, start + length);
        return end < start ? "" : new String(cps, start, end - start);
    }

    private static Integer integer(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go's {@code unicode.IsLetter}/{@code IsDigit} or {@code _}, as the expression scanner reads names. */
    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
