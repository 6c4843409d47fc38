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

    /** Why a render failed; stable codes a host can switch on. */
    public enum Reason {
        /** The input is malformed or not a valid object (syntax, duplicate key, missing kind, bad tag). */
        INVALID_INPUT,
        /** A budget was exceeded: size, nesting, alias expansion, output size, archive limits. */
        LIMIT,
        /** The input or output is refused by policy (path escape, remote base, plugin, object outside policy). */
        POLICY,
        /** Two renders of the same input gave different output (RD-17). */
        NON_DETERMINISTIC,
        /** The tool behind the renderer failed or is missing. */
        TOOL_FAILURE,
        /** The render did not finish in time. */
        TIMEOUT
    }

    private final String file;
    private final int line;
    private final Reason reason;

    /**
     * @param file repo-relative file, or {@code ""} when unknown
     * @param line 1-based line, or 0 when unknown
     * @param message what is wrong; the file and line are prefixed here
     * @param cause may be null
     */
    public RenderException(String file, int line, String message, Throwable cause) {
        this(Reason.INVALID_INPUT, file, line, message, cause);
    }

    /**
     * @param reason why the render failed
     * @param file repo-relative file, or {@code ""} when unknown
     * @param line 1-based line, or 0 when unknown
     * @param message what is wrong; the file and line are prefixed here
     * @param cause may be null
     */
    public RenderException(Reason reason, String file, int line, String message, Throwable cause) {
        super(prefix(file, line) + message, cause);
        this.reason = reason == null ? Reason.INVALID_INPUT : reason;
        this.file = file == null ? "" : file;
        this.line = Math.max(0, line);
    }

    /** A failure not tied to one file, with a reason. */
    public RenderException(Reason reason, String message, Throwable cause) {
        this(reason, "", 0, message, cause);
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

    /** @return why the render failed ({@link Reason#INVALID_INPUT} when not given) */
    public Reason reason() {
        return reason;
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
