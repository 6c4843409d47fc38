package io.gitops4j.examples.cli;

import java.util.Locale;

/**
 * The Application name {@code reconcile} uses without {@code --app}: the last name of the path inside the source,
 * else of the repository URL (without {@code .git}) or directory, made a DNS label (lower case; other characters
 * become {@code -}; at most 63). The name keys the inventory, so a pipeline should pass {@code --app}. Stateless.
 */
final class ApplicationNames {
    private static final int MAX = 63;

    private ApplicationNames() {}

    /**
     * @param path the path inside the source, {@code ""} for its root
     * @param source the repository URL or the directory's name
     */
    static String derive(String path, String source) {
        String last = lastName(path);
        if (last.isEmpty() || last.equals(".") || last.equals("..")) {
            last = lastName(source);
            if (last.endsWith(".git")) {
                last = last.substring(0, last.length() - 4);
            }
        }
        String label = last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        label = label.substring(0, Math.min(MAX, label.length())).replaceAll("^-+|-+$", "");
        return label.isEmpty() ? "app" : label;
    }

    private static String lastName(String text) {
        String trimmed = text.replaceAll("[/\\\\:]+$", "");
        int cut = Math.max(trimmed.lastIndexOf('/'), Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf(':')));
        return trimmed.substring(cut + 1);
    }
}
