package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;

/**
 * Printers of the replicated workloads: Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController. The
 * wide view adds the template's containers and images and (except StatefulSet) the selector. Counts are read from
 * {@code spec.replicas} and the controller-written {@code status}; absent counts are 0. Stateless and thread-safe.
 */
final class WorkloadPrinters {
    private static final Column CONTAINERS = Column.wide("Containers", "Names of each container in the template.");
    private static final Column IMAGES = Column.wide("Images", "Images referenced by each container in the template.");
    private static final Column SELECTOR = Column.wide("Selector", "The label selector of the pods.");

    private WorkloadPrinters() {
    }

    /** {@code NAME READY UP-TO-DATE AVAILABLE AGE}, wide {@code CONTAINERS IMAGES SELECTOR}. */
    static KindPrinter deployment() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Ready", "Ready pods of the desired replicas."),
                Column.text("Up-to-date", "Pods running the current template."),
                Column.text("Available", "Pods available to serve."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR), (d, now) -> {
            JsonNode status = d.path("status");
            JsonNode podSpec = d.path("spec").path("template").path("spec");
            return Arrays.asList(Fields.name(d),
                    Fields.integer(status.path("readyReplicas")) + "/" + Fields.integer(d.path("spec").path("replicas")),
                    Fields.integer(status.path("updatedReplicas")), Fields.integer(status.path("availableReplicas")),
                    Ages.age(d, now), Containers.names(podSpec), Containers.images(podSpec),
                    deploymentSelector(d.path("spec").path("selector")));
        });
    }

    /** A Deployment's selector: empty when there is none, {@code <invalid>} when it cannot be parsed. */
    private static String deploymentSelector(JsonNode selector) {
        String s = Labels.selector(selector);
        return s.equals("<error>") ? "<invalid>" : s;
    }

    /** {@code NAME DESIRED CURRENT READY AGE}, wide {@code CONTAINERS IMAGES SELECTOR}. */
    static KindPrinter replicaSet() {
        return replicated((rs) -> Labels.selectorOrNone(rs.path("spec").path("selector")));
    }

    /** Like ReplicaSet; the selector is a plain label map. */
    static KindPrinter replicationController() {
        return replicated((rc) -> Labels.map(rc.path("spec").path("selector")));
    }

    private interface SelectorCell {
        String of(JsonNode object);
    }

    private static KindPrinter replicated(SelectorCell selector) {
        return new KindPrinter(List.of(Column.objectName(),
                Column.integer("Desired", "Number of desired pods."),
                Column.integer("Current", "Number of pods created."),
                Column.integer("Ready", "Number of ready pods."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR), (rs, now) -> {
            JsonNode status = rs.path("status");
            JsonNode podSpec = rs.path("spec").path("template").path("spec");
            return Arrays.asList(Fields.name(rs), Fields.integer(rs.path("spec").path("replicas")),
                    Fields.integer(status.path("replicas")), Fields.integer(status.path("readyReplicas")),
                    Ages.age(rs, now), Containers.names(podSpec), Containers.images(podSpec), selector.of(rs));
        });
    }

    /** {@code NAME READY AGE}, wide {@code CONTAINERS IMAGES}. */
    static KindPrinter statefulSet() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Ready", "Ready pods of the desired replicas."),
                Column.age(), CONTAINERS, IMAGES), (s, now) -> {
            JsonNode podSpec = s.path("spec").path("template").path("spec");
            return Arrays.asList(Fields.name(s),
                    Fields.integer(s.path("status").path("readyReplicas")) + "/"
                            + Fields.integer(s.path("spec").path("replicas")),
                    Ages.age(s, now), Containers.names(podSpec), Containers.images(podSpec));
        });
    }

    /**
     * {@code NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE}, wide
     * {@code CONTAINERS IMAGES SELECTOR}.
     */
    static KindPrinter daemonSet() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.integer("Desired", "Nodes that should run the daemon pod."),
                Column.integer("Current", "Nodes running at least one daemon pod."),
                Column.integer("Ready", "Nodes whose daemon pod is ready."),
                Column.integer("Up-to-date", "Nodes running the current template."),
                Column.integer("Available", "Nodes whose daemon pod is available."),
                Column.text("Node Selector", "The node selector of the pod template."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR), (ds, now) -> {
            JsonNode status = ds.path("status");
            JsonNode podSpec = ds.path("spec").path("template").path("spec");
            return Arrays.asList(Fields.name(ds), Fields.integer(status.path("desiredNumberScheduled")),
                    Fields.integer(status.path("currentNumberScheduled")), Fields.integer(status.path("numberReady")),
                    Fields.integer(status.path("updatedNumberScheduled")),
                    Fields.integer(status.path("numberAvailable")), Labels.map(podSpec.path("nodeSelector")),
                    Ages.age(ds, now), Containers.names(podSpec), Containers.images(podSpec),
                    Labels.selectorOrNone(ds.path("spec").path("selector")));
        });
    }
}
