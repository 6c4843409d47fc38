package io.gitops4j.testkit.server.printers;

import io.gitops4j.testkit.kube.BuiltinTypes;
import io.gitops4j.testkit.kube.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrinterRegistryTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static List<String> columns(int minor, String group, String version, String kind) {
        return PrinterRegistry.forMinor(minor).find(group, version, kind).orElseThrow().columns().stream()
                .map(Column::name).toList();
    }

    @Test
    void everyBuiltinTypeHasAPrinterThatCopesWithAnEmptyObject() {
        for (int minor = PrinterRegistry.MIN_MINOR; minor <= PrinterRegistry.MAX_MINOR; minor++) {
            PrinterRegistry registry = PrinterRegistry.forMinor(minor);
            for (ResourceType t : BuiltinTypes.all()) {
                KindPrinter p = registry.find(t.group(), t.version(), t.kind()).orElse(null);
                assertThat(p).as(t.groupResource()).isNotNull();
                assertThat(p.row(Json.of("{}"), NOW)).as(t.groupResource()).hasSameSizeAs(p.columns());
            }
        }
    }

    @Test
    void customResourcesHaveNoBuiltinPrinter() {
        assertThat(PrinterRegistry.forMinor(33).find("example.com", "v1", "Widget")).isEmpty();
    }

    @Test
    void jobStatusAndCronJobTimezoneFrom130() {
        assertThat(columns(29, "batch", "v1", "Job")).containsExactly("Name", "Completions", "Duration", "Age",
                "Containers", "Images", "Selector");
        assertThat(columns(30, "batch", "v1", "Job")).containsExactly("Name", "Status", "Completions", "Duration",
                "Age", "Containers", "Images", "Selector");
        assertThat(columns(29, "batch", "v1", "CronJob")).doesNotContain("Timezone");
        assertThat(columns(30, "batch", "v1", "CronJob")).containsSequence("Schedule", "Timezone", "Suspend");
    }

    @Test
    void volumeAttributesClassFrom129AndQuotaAgeLastFrom133() {
        assertThat(columns(28, "", "v1", "PersistentVolumeClaim")).doesNotContain("VolumeAttributesClass");
        assertThat(columns(29, "", "v1", "PersistentVolumeClaim")).containsSequence("StorageClass",
                "VolumeAttributesClass", "Age");
        assertThat(columns(32, "", "v1", "ResourceQuota")).containsExactly("Name", "Age", "Request", "Limit");
        assertThat(columns(33, "", "v1", "ResourceQuota")).containsExactly("Name", "Request", "Limit", "Age");
    }

    @Test
    void priorityClassPreemptionPolicyFrom132() {
        assertThat(columns(31, "scheduling.k8s.io", "v1", "PriorityClass")).containsExactly("Name", "Value",
                "Global-Default", "Age");
        assertThat(columns(32, "scheduling.k8s.io", "v1", "PriorityClass")).containsExactly("Name", "Value",
                "Global-Default", "Age", "PreemptionPolicy");
    }

    @Test
    void wideColumnsHavePriorityOne() {
        List<Column> pod = PrinterRegistry.forMinor(33).find("", "v1", "Pod").orElseThrow().columns();
        assertThat(pod.stream().filter(c -> c.priority() == 1).map(Column::name))
                .containsExactly("IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(pod.get(0).format()).isEqualTo("name");
        assertThat(columns(33, "rbac.authorization.k8s.io", "v1", "ClusterRole")).containsExactly("Name",
                "Created At");
    }

    @Test
    void minorVersionsOutsideTheModelledRangeAreClamped() {
        assertThat(PrinterRegistry.forMinor(20).minor()).isEqualTo(27);
        assertThat(PrinterRegistry.forMinor(40).minor()).isEqualTo(33);
    }
}
