package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Invariants of field sets and server-side apply, checked on generated inputs. */
class MergePropertiesTest {

    private static final TypeSchema DEPLOYMENT = BuiltInSchemas.registry().find("apps/v1", "Deployment").orElseThrow();
    private static final TypeSchema CONFIG_MAP = BuiltInSchemas.registry().find("v1", "ConfigMap").orElseThrow();
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:01Z");
    private static final Instant T2 = Instant.parse("2024-01-01T00:00:02Z");

    // ------------------------------------------------------------------ generators

    private static Gen<String> names() {
        return strings().betweenCodePoints('a', 'e').ofLengthBetween(1, 3);
    }

    private static Gen<PathElement> elements() {
        return integers().between(0, 4).zip(names(), integers().between(0, 3), (kind, name, n) -> switch (kind) {
            case 0, 1 -> PathElement.field(name);
            case 2 -> n % 2 == 0 ? PathElement.key(Map.of("name", name))
                    : PathElement.key(Map.of("port", (long) n, "protocol", name));
            case 3 -> n % 2 == 0 ? PathElement.value(name) : PathElement.value((long) n);
            default -> PathElement.index(n);
        });
    }

    private static Gen<FieldSet> fieldSets() {
        Gen<FieldPath> paths = lists().of(elements()).ofSizeBetween(1, 4).map((List<PathElement> es) -> new FieldPath(es));
        return lists().of(paths).ofSizeBetween(0, 8).map((List<FieldPath> ps) -> FieldSet.of(ps));
    }

    private static Gen<Map<String, Object>> configMaps() {
        Gen<List<String>> keys = lists().of(names()).ofSizeBetween(0, 5);
        return keys.zip(keys, names(), (data, labels, value) -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("apiVersion", "v1");
            cm.put("kind", "ConfigMap");
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", "cm");
            if (!labels.isEmpty()) {
                Map<String, Object> l = new LinkedHashMap<>();
                labels.forEach(k -> l.put(k, value));
                meta.put("labels", l);
            }
            cm.put("metadata", meta);
            Map<String, Object> d = new LinkedHashMap<>();
            data.forEach(k -> d.put(k, k + value));
            cm.put("data", d);
            return cm;
        });
    }

    private static Gen<Map<String, Object>> deployments() {
        Gen<List<String>> containerNames = lists().of(names()).ofSizeBetween(1, 3);
        Gen<List<Integer>> ports = lists().of(integers().between(1, 4)).ofSizeBetween(0, 3);
        return containerNames.zip(ports, integers().between(0, 5), names(), (cs, ps, replicas, image) -> {
            List<Object> containers = new ArrayList<>();
            for (String c : new LinkedHashSet<>(cs)) {
                Map<String, Object> container = new LinkedHashMap<>();
                container.put("name", c);
                container.put("image", image + ":" + c);
                List<Object> portList = new ArrayList<>();
                for (Integer p : new LinkedHashSet<>(ps)) {
                    Map<String, Object> port = new LinkedHashMap<>();
                    port.put("containerPort", (long) p * 10);
                    if (p % 2 == 0) {
                        port.put("protocol", "UDP");
                    }
                    portList.add(port);
                }
                container.put("ports", portList);
                container.put("args", List.of("--x=" + replicas));
                containers.add(container);
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("apiVersion", "apps/v1");
            d.put("kind", "Deployment");
            d.put("metadata", new LinkedHashMap<>(Map.of("name", "web")));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("replicas", (long) replicas);
            spec.put("template", Map.of("spec", Map.of("containers", containers)));
            d.put("spec", spec);
            return d;
        });
    }

    // ------------------------------------------------------------------ field sets

    @Test
    @DisplayName("a field set survives FieldsV1 serialization, also through JSON text")
    void fieldsV1RoundTrip() {
        ObjectMapper json = new ObjectMapper();
        qt().forAll(fieldSets()).checkAssert(set -> {
            Map<String, Object> encoded = set.toFieldsV1();
            assertThat(FieldSet.fromFieldsV1(encoded)).isEqualTo(set);
            try {
                Map<String, Object> reparsed = json.readValue(json.writeValueAsString(encoded),
                        new TypeReference<Map<String, Object>>() { });
                assertThat(FieldSet.fromFieldsV1(reparsed)).isEqualTo(set);
                assertThat(FieldSet.fromFieldsV1(reparsed).toFieldsV1()).isEqualTo(encoded);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    @DisplayName("set algebra: union contains both, difference and intersection partition a set")
    void setAlgebra() {
        qt().forAll(fieldSets(), fieldSets()).checkAssert((a, b) -> {
            FieldSet union = a.union(b);
            Set<FieldPath> all = new LinkedHashSet<>(a.paths());
            all.addAll(b.paths());
            assertThat(new LinkedHashSet<>(union.paths())).isEqualTo(all);
            FieldSet diff = a.difference(b);
            FieldSet inter = a.intersection(b);
            assertThat(diff.union(inter)).isEqualTo(a);
            assertThat(diff.intersection(b).isEmpty()).isTrue();
            for (FieldPath p : a.recursiveDifference(b).paths()) {
                assertThat(b.containsAtOrAbove(p)).isFalse();
            }
            assertThat(a.size()).isEqualTo(a.paths().size());
        });
    }

    // ------------------------------------------------------------------ server-side apply

    @Test
    @DisplayName("applying the same ConfigMap configuration twice is a no-op")
    void configMapApplyIsIdempotent() {
        ServerSideApply ssa = new ServerSideApply();
        qt().forAll(configMaps()).checkAssert(cm -> {
            ApplyOutcome first = ssa.apply(null, cm, ApplyRequest.of("m", "v1", T1), CONFIG_MAP);
            ApplyOutcome second = ssa.apply(first.object(), cm, ApplyRequest.of("m", "v1", T2), CONFIG_MAP);
            assertThat(second.changed()).isFalse();
            assertThat(second.object()).isEqualTo(first.object());
        });
    }

    @Test
    @DisplayName("applying the same Deployment configuration twice is a no-op")
    void deploymentApplyIsIdempotent() {
        ServerSideApply ssa = new ServerSideApply();
        qt().withExamples(300).forAll(deployments()).checkAssert(d -> {
            ApplyOutcome first = ssa.apply(null, d, ApplyRequest.of("m", "apps/v1", T1), DEPLOYMENT);
            ApplyOutcome second = ssa.apply(first.object(), d, ApplyRequest.of("m", "apps/v1", T2), DEPLOYMENT);
            assertThat(second.changed()).isFalse();
            assertThat(second.object()).isEqualTo(first.object());
        });
    }

    @Test
    @DisplayName("re-applying after another applier changed its own fields keeps both and is then stable")
    void twoAppliersConverge() {
        ServerSideApply ssa = new ServerSideApply();
        qt().withExamples(300).forAll(deployments(), deployments()).checkAssert((a, b) -> {
            Map<String, Object> first = ssa.apply(null, a, ApplyRequest.of("a", "apps/v1", T1), DEPLOYMENT)
                    .object();
            ApplyOutcome forced = ssa.apply(first, b,
                    ApplyRequest.of("b", "apps/v1", T2).withForce(true), DEPLOYMENT);
            ApplyOutcome again = ssa.apply(forced.object(), b,
                    ApplyRequest.of("b", "apps/v1", T2).withForce(true), DEPLOYMENT);
            assertThat(again.changed()).isFalse();
            for (ManagedFieldsEntry e : forced.managedFields()) {
                assertThat(e.fields().isEmpty()).as("entries with empty sets are dropped").isFalse();
            }
            FieldSet bFields = ssa.fieldsOf(b, DEPLOYMENT);
            ManagedFieldsEntry bEntry = forced.managedFields().stream().filter(e -> e.manager().equals("b"))
                    .findFirst().orElseThrow();
            assertThat(bEntry.fields()).isEqualTo(new Ownership(FieldScope.all()).ownable(bFields));
        });
    }

    @Test
    @DisplayName("an update writing back the stored object changes nothing")
    void updateWithSameObjectIsNoOp() {
        ServerSideApply ssa = new ServerSideApply();
        qt().forAll(configMaps()).checkAssert(cm -> {
            ApplyOutcome created = ssa.update(null, cm, UpdateRequest.of("kubectl-create", "v1", T1), CONFIG_MAP);
            ApplyOutcome again = ssa.update(created.object(), created.object(),
                    UpdateRequest.of("kubectl-edit", "v1", T2), CONFIG_MAP);
            assertThat(again.changed()).isFalse();
            assertThat(again.managedFields()).isEqualTo(created.managedFields());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("an update that hands its object over gives the same outcome as one that copies it, and the live"
            + " object is never modified")
    void updateTakingEqualsUpdate() {
        ServerSideApply ssa = new ServerSideApply();
        qt().withExamples(300).forAll(deployments(), deployments()).checkAssert((a, b) -> {
            Map<String, Object> live = ssa.apply(null, a, ApplyRequest.of("a", "apps/v1", T1), DEPLOYMENT).object();
            Map<String, Object> liveBefore = Values.copyMap(live);
            Map<String, Object> next = Values.copyMap(b);
            // the echoed managedFields of a read-modify-write, and one Integer the taken path must normalise
            ((Map<String, Object>) next.get("metadata")).put("managedFields",
                    ((Map<String, Object>) live.get("metadata")).get("managedFields"));
            ((Map<String, Object>) next.get("spec")).put("replicas", Integer.valueOf(3));
            ApplyOutcome copied = ssa.update(live, next, UpdateRequest.of("u", "apps/v1", T2), DEPLOYMENT);
            ApplyOutcome taken = ssa.updateTaking(live, Values.copyMap(next), UpdateRequest.of("u", "apps/v1", T2),
                    DEPLOYMENT);
            assertThat(taken.changed()).isEqualTo(copied.changed());
            assertThat(taken.managedFields()).isEqualTo(copied.managedFields());
            assertThat(JsonText.write(taken.object())).isEqualTo(JsonText.write(copied.object()));
            assertThat(((Map<String, Object>) taken.object().get("spec")).get("replicas")).isEqualTo(3L);
            assertThat(live).isEqualTo(liveBefore);
        });
    }
}
