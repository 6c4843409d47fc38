package io.gitops4j.api.render;

import io.gitops4j.api.GitOpsException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Rendering failed. Nothing is applied or pruned after a render failure (PR-02). The message starts with the
 * repo-relative file (and line, when known); it never contains an absolute host path or a Secret value.
 */
public class RenderException extends GitOpsException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    /**
     * @param file repo-relative file, or {@code ""} when unknown
     * @param line 1-based line, or 0 when unknown
     * @param message what is wrong; the file and line are prefixed here
     * @param cause may be null
     */
    public RenderException(String file, int line, String message, Throwable cause) {
        super(prefix(file, line) + message, cause);
        this.file = file == null ? "" : file;
        this.line = Math.max(0, line);
    }

    /** A failure not tied to one file. */
    public RenderException(String message, Throwable cause) {
        this("", 0, message, cause);
    }

    private static String prefix(String file, int line) {
        if (file == null || file.isEmpty()) {
            return "";
        }
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    /** @return the repo-relative file, if known */
    public Optional<String> file() {
        return file.isEmpty() ? Optional.empty() : Optional.of(file);
    }

    /** @return the 1-based line, if known */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
