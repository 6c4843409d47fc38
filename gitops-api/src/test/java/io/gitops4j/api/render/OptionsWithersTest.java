package io.gitops4j.api.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every component of the renderer options records has a {@code withX} that changes that component and no other, so
 * callers build options from {@code defaults()} instead of calling the many-component constructor.
 */
class OptionsWithersTest {
    @ParameterizedTest
    @ValueSource(classes = {KustomizeOptions.class, HelmOptions.class})
    void everyComponentHasAWitherThatChangesOnlyIt(Class<? extends Record> type) throws Exception {
        Record defaults = (Record) type.getMethod("defaults").invoke(null);
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            Method wither = type.getMethod("with" + Character.toUpperCase(name.charAt(0)) + name.substring(1),
                    component.getType());
            Object value = otherValue(component, component.getAccessor().invoke(defaults));
            Record changed = (Record) wither.invoke(defaults, value);
            for (RecordComponent other : type.getRecordComponents()) {
                Object expected = other.getName().equals(name) ? value : other.getAccessor().invoke(defaults);
                assertThat(other.getAccessor().invoke(changed)).as(type.getSimpleName() + ".with" + name + " → "
                        + other.getName()).isEqualTo(expected);
            }
        }
    }

    /** A valid value of the component's type that differs from {@code current}. */
    private static Object otherValue(RecordComponent component, Object current) {
        Class<?> t = component.getType();
        Object value;
        if (t == String.class) {
            value = component.getName().equals("kubeVersion") ? "1.30" : "changed";
        } else if (t == boolean.class) {
            value = !(Boolean) current;
        } else if (t == Duration.class) {
            value = ((Duration) current).plusSeconds(7);
        } else if (t == List.class) {
            value = List.of("changed");
        } else if (t == Map.class) {
            value = component.getName().equals("replicas") ? Map.of("web", 3) : Map.of("k", "v");
        } else {
            throw new AssertionError("no test value for " + t);
        }
        assertThat(value).isNotEqualTo(current);
        return value;
    }
}
