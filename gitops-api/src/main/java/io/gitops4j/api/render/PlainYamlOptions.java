package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import java.util.List;

/**
 * Options of the plain YAML renderer.
 *
 * @param recursive whether subdirectories are read
 * @param include glob patterns (relative to the render path) a file must match; default {@code *.yaml},
 *     {@code *.yml}, {@code *.json} at any depth
 * @param exclude glob patterns of files to leave out
 */
public record PlainYamlOptions(boolean recursive, List<String> include, List<String> exclude)
        implements RenderOptions {
    private static final List<String> DEFAULT_INCLUDE = List.of("**.yaml", "**.yml", "**.json");

    /** Copies the lists. */
    public PlainYamlOptions {
        include = List.copyOf(Checks.notNull(include, "include"));
        exclude = List.copyOf(Checks.notNull(exclude, "exclude"));
    }

    /** @return recursive, every YAML and JSON file, nothing excluded */
    public static PlainYamlOptions defaults() {
        return new PlainYamlOptions(true, DEFAULT_INCLUDE, List.of());
    }

    /** @return a copy with {@code recursive} set */
    public PlainYamlOptions withRecursive(boolean value) {
        return new PlainYamlOptions(value, include, exclude);
    }

    /** @return a copy with these include globs */
    public PlainYamlOptions withInclude(List<String> globs) {
        return new PlainYamlOptions(recursive, globs, exclude);
    }

    /** @return a copy with these exclude globs */
    public PlainYamlOptions withExclude(List<String> globs) {
        return new PlainYamlOptions(recursive, include, globs);
    }
}
