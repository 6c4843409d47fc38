package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FieldSetTest {

    private static final FieldPath IMAGE = FieldPath.of(PathElement.field("spec"), PathElement.field("containers"),
            PathElement.key(Map.of("name", "app")), PathElement.field("image"));

    @Test
    @DisplayName("paths print in kubectl's form")
    void kubectlPathForm() {
        assertThat(IMAGE).hasToString(".spec.containers[name=\"app\"].image");
        assertThat(FieldPath.of(PathElement.field("ports"),
                PathElement.key(Map.of("protocol", "TCP", "containerPort", 80L))))
                .hasToString(".ports[containerPort=80,protocol=\"TCP\"]");
        assertThat(FieldPath.of(PathElement.field("finalizers"), PathElement.value("a/b")))
                .hasToString(".finalizers[=\"a/b\"]");
        assertThat(FieldPath.of(PathElement.field("args"), PathElement.index(2))).hasToString(".args[2]");
        assertThat(FieldPath.fields("data", "b")).hasToString(".data.b");
    }

    @Test
    @DisplayName("FieldsV1 puts the '.' marker first, then fields, keys, values, indexes")
    void fieldsV1Shape() {
        FieldPath item = FieldPath.of(PathElement.field("spec"), PathElement.field("containers"),
                PathElement.key(Map.of("name", "app")));
        FieldSet set = FieldSet.of(IMAGE, item, item.child(PathElement.field("name")),
                FieldPath.fields("metadata", "labels"), FieldPath.fields("metadata", "labels", "app"));
        assertThat(JsonText.write(set.toFieldsV1())).isEqualTo("{\"f:metadata\":{\"f:labels\":{\".\":{},"
                + "\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},"
                + "\"f:image\":{},\"f:name\":{}}}}}");
        assertThat(set.size()).isEqualTo(5);
        assertThat(set.leaves()).hasSize(3);
    }

    @Test
    @DisplayName("FieldsV1 keys with several fields are sorted by field name")
    void multiFieldKeys() {
        PathElement k = PathElement.key(Map.of("protocol", "TCP", "containerPort", 80L));
        assertThat(k.fieldsV1()).isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
        assertThat(PathElement.parseFieldsV1(k.fieldsV1())).isEqualTo(k);
        assertThat(PathElement.parseFieldsV1("v:1")).isEqualTo(PathElement.value(1L));
        assertThat(PathElement.parseFieldsV1("i:3")).isEqualTo(PathElement.index(3));
    }

    @Test
    @DisplayName("malformed FieldsV1 is refused with a MergeException")
    void malformedFieldsV1() {
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(Map.of("x:y", Map.of())))
                .isInstanceOf(MergeException.class).hasMessageContaining("invalid FieldsV1 key");
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(Map.of("f:a", "nope")))
                .isInstanceOf(MergeException.class).hasMessageContaining("is not an object");
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(Map.of("k:[1]", Map.of())))
                .isInstanceOf(MergeException.class);
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(Map.of("i:x", Map.of())))
                .isInstanceOf(MergeException.class);
    }

    @Test
    @DisplayName("recursive difference removes paths below removed members")
    void recursiveDifference() {
        FieldSet set = FieldSet.of(FieldPath.fields("status", "replicas"), FieldPath.fields("spec", "replicas"));
        FieldSet ignored = FieldSet.of(FieldPath.fields("status"));
        assertThat(set.recursiveDifference(ignored).paths()).containsExactly(FieldPath.fields("spec", "replicas"));
        assertThat(set.difference(ignored)).isEqualTo(set);
        assertThat(set.containsAtOrBelow(FieldPath.fields("spec"))).isTrue();
        assertThat(set.containsAtOrAbove(FieldPath.fields("spec", "replicas", "x"))).isTrue();
        assertThat(set.contains(FieldPath.fields("spec"))).isFalse();
    }

    @Test
    @DisplayName("a managedFields entry survives toMap/fromMap")
    void managedFieldsEntryRoundTrip() {
        ManagedFieldsEntry e = new ManagedFieldsEntry("kube-controller-manager", ManagedFieldsEntry.Operation.UPDATE,
                "apps/v1", "2024-01-01T00:00:00Z", "status", FieldSet.of(FieldPath.fields("status", "replicas")));
        assertThat(ManagedFieldsEntry.fromMap(e.toMap())).isEqualTo(e);
        assertThat(e.describe()).isEqualTo("\"kube-controller-manager\" with subresource \"status\" using apps/v1");
        assertThat(ManagedFieldsEntry.readAll(List.of(e.toMap()))).containsExactly(e);
        assertThatThrownBy(() -> ManagedFieldsEntry.fromMap(Map.of("manager", "x", "operation", "Patch")))
                .isInstanceOf(MergeException.class).hasMessageContaining("operation");
    }
}
