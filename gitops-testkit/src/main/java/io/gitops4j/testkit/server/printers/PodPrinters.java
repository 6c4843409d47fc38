package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The Pod printer: {@code NAME READY STATUS RESTARTS AGE}, wide {@code IP NODE NOMINATED NODE READINESS GATES}.
 * READY, STATUS and RESTARTS come from {@link PodSummary} (whose Terminating rule changed in 1.31). Stateless and thread-safe.
 */
final class PodPrinters {
    private PodPrinters() {
    }

    static KindPrinter pod(int minor) {
        return new KindPrinter(List.of(
                Column.objectName(),
                Column.text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                Column.text("Status", "The aggregate status of the containers in this pod."),
                Column.text("Restarts", "Restarts of the pod's containers and how long ago the last one was."),
                Column.age(),
                Column.wide("IP", "The pod's first IP address."),
                Column.wide("Node", "The node the pod is bound to."),
                Column.wide("Nominated Node", "The node the scheduler nominated for preemption."),
                Column.wide("Readiness Gates", "Readiness gates whose condition is true, of all gates.")),
                (pod, now) -> cells(pod, now, minor));
    }

    private static List<Object> cells(JsonNode pod, Instant now, int minor) {
        PodSummary s = PodSummary.of(pod, now, minor);
        JsonNode status = pod.path("status");
        String ip = Fields.text(status.path("podIPs").path(0).path("ip"));
        if (ip.isEmpty()) {
            ip = Fields.text(status.path("podIP"));
        }
        return Arrays.asList(Fields.name(pod), s.ready(), s.status(), s.restarts(), Ages.age(pod, now),
                ip.isEmpty() ? "<none>" : ip,
                Fields.orElse(pod.path("spec").path("nodeName"), "<none>"),
                Fields.orElse(status.path("nominatedNodeName"), "<none>"),
                readinessGates(pod));
    }

    /** {@code true/total} over {@code spec.readinessGates}; {@code <none>} without gates. */
    static String readinessGates(JsonNode pod) {
        JsonNode gates = pod.path("spec").path("readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int satisfied = 0;
        for (JsonNode gate : gates) {
            if (Fields.conditionTrue(pod.path("status").path("conditions"), Fields.text(gate.path("conditionType")))) {
                satisfied++;
            }
        }
        return satisfied + "/" + gates.size();
    }
}
