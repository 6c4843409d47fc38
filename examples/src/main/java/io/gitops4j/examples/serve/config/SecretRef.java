package io.gitops4j.examples.serve.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a secret is kept: an environment variable or a file, never {@code apps.yaml} itself. The value is read on
 * each {@link #read} so a rotated file takes effect without a restart. {@code toString()} names the variable but
 * never the value nor the file's directory.
 *
 * @param env the environment variable's name, or {@code ""} when the secret is in a file
 * @param file the file holding the secret (trailing whitespace dropped), or null when it is in the environment
 */
public record SecretRef(String env, Path file) {
    /** Exactly one of the two. */
    public SecretRef {
        Objects.requireNonNull(env, "env");
        if (env.isEmpty() == (file == null)) {
            throw new IllegalArgumentException("a secret is in exactly one of an environment variable or a file");
        }
    }

    /** @return the secret held by this environment variable */
    public static SecretRef env(String name) {
        return new SecretRef(name, null);
    }

    /** @return the secret held by this file */
    public static SecretRef file(Path path) {
        return new SecretRef("", Objects.requireNonNull(path, "path"));
    }

    /**
     * Reads the secret now.
     *
     * @param environment the process environment (tests pass their own)
     * @return the value, trailing whitespace dropped
     * @throws IllegalStateException when the variable is unset or empty or the file unreadable or empty; the message
     *     names the variable or the file's name, never a value
     */
    public String read(Function<String, String> environment) {
        String value;
        if (file == null) {
            value = environment.apply(env);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + env + " is not set");
            }
        } else {
            try {
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("secret file " + file.getFileName() + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (value.isBlank()) {
                throw new IllegalStateException("secret file " + file.getFileName() + " is empty");
            }
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return file == null ? "env:" + env : "file:" + file.getFileName();
    }
}
