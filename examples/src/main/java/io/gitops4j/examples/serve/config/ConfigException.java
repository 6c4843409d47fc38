package io.gitops4j.examples.serve.config;

import io.gitops4j.api.GitOpsException;

/**
 * {@code apps.yaml} cannot be used: the message starts with the file's name, the line and the field, such as
 * {@code apps.yaml:12: applications[1].sync.interval: must be between 1s and 24h}. Never carries a value that could
 * be a secret, nor an absolute path of the host (the file is named by its last path element).
 */
public final class ConfigException extends GitOpsException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String field;

    /**
     * @param file the configuration file's name (no directory)
     * @param line the 1-based line, 0 when the problem concerns the whole file
     * @param field the field's path, such as {@code applications[0].sync.interval}, {@code ""} for the file
     * @param problem what is wrong, without the value when the value might be secret
     */
    public ConfigException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** @return the configuration file's name */
    public String file() {
        return file;
    }

    /** @return the 1-based line, 0 when the problem concerns the whole file */
    public int line() {
        return line;
    }

    /** @return the field's path, {@code ""} for the whole file */
    public String field() {
        return field;
    }
}
