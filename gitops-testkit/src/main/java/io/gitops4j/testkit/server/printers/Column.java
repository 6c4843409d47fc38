package io.gitops4j.testkit.server.printers;

import java.util.Objects;

/**
 * One {@code columnDefinitions} entry of a {@code meta.k8s.io Table}.
 *
 * @param name        column name as sent (kubectl prints it upper-cased)
 * @param type        OpenAPI type: {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code date}
 * @param format      OpenAPI format ({@code name} for the object-name column), else empty
 * @param description what the column shows
 * @param priority    0 for the default view, 1 for columns only {@code -o wide} shows
 */
public record Column(String name, String type, String format, String description, int priority) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        format = format == null ? "" : format;
        description = description == null ? "" : description;
        if (priority < 0) {
            throw new IllegalArgumentException("priority must not be negative: " + priority);
        }
    }

    /** The object-name column every built-in printer starts with. */
    public static Column objectName() {
        return new Column("Name", "string", "name", "Name must be unique within a namespace.", 0);
    }

    /** The Age column: time since creation as a short human duration. */
    public static Column age() {
        return new Column("Age", "string", "", "Time since the object was created.", 0);
    }

    /** A default-view string column. */
    public static Column text(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    /** A default-view integer column. */
    public static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    /** A default-view boolean column. */
    public static Column bool(String name, String description) {
        return new Column(name, "boolean", "", description, 0);
    }

    /** A string column shown only with {@code -o wide}. */
    public static Column wide(String name, String description) {
        return new Column(name, "string", "", description, 1);
    }
}
