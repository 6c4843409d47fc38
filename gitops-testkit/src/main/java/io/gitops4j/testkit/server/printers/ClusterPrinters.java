package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Printers of cluster-level kinds: Node, Lease, PriorityClass, the webhook configurations and ControllerRevision.
 * Version difference: PriorityClass's PREEMPTIONPOLICY column exists from 1.32 on. Stateless and thread-safe.
 */
final class ClusterPrinters {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private ClusterPrinters() {
    }

    /**
     * {@code NAME STATUS ROLES AGE VERSION}, wide {@code INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
     * CONTAINER-RUNTIME}.
     */
    static KindPrinter node() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Status", "The status of the node"),
                Column.text("Roles", "The roles of the node"),
                Column.age(),
                Column.text("Version", "The kubelet version."),
                Column.wide("Internal-IP", "The node's first internal IP."),
                Column.wide("External-IP", "The node's first external IP."),
                Column.wide("OS-Image", "The node's operating system image."),
                Column.wide("Kernel-Version", "The node's kernel version."),
                Column.wide("Container-Runtime", "The node's container runtime and version.")), (n, now) -> {
            JsonNode info = n.path("status").path("nodeInfo");
            return Arrays.asList(Fields.name(n), nodeStatus(n), roles(n.path("metadata").path("labels")),
                    Ages.age(n, now), Fields.text(info.path("kubeletVersion")),
                    address(n, "InternalIP"), address(n, "ExternalIP"),
                    Fields.orElse(info.path("osImage"), "<unknown>"),
                    Fields.orElse(info.path("kernelVersion"), "<unknown>"),
                    Fields.orElse(info.path("containerRuntimeVersion"), "<unknown>"));
        });
    }

    /**
     * {@code Ready} or {@code NotReady} after the Ready condition ({@code Unknown} without one), plus
     * {@code ,SchedulingDisabled} for a cordoned node.
     */
    static String nodeStatus(JsonNode node) {
        String status = "Unknown";
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(Fields.text(c.path("type")))) {
                status = "True".equals(Fields.text(c.path("status"))) ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
    }

    /**
     * The roles named by {@code node-role.kubernetes.io/<role>} label keys and by a {@code kubernetes.io/role}
     * label's value, sorted and comma-joined; {@code <none>} without any.
     */
    static String roles(JsonNode labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(ROLE_PREFIX) && e.getKey().length() > ROLE_PREFIX.length()) {
                roles.add(e.getKey().substring(ROLE_PREFIX.length()));
            } else if (e.getKey().equals("kubernetes.io/role") && !Fields.text(e.getValue()).isEmpty()) {
                roles.add(Fields.text(e.getValue()));
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (type.equals(Fields.text(a.path("type")))) {
                return Fields.text(a.path("address"));
            }
        }
        return "<none>";
    }

    /** {@code NAME HOLDER AGE}. */
    static KindPrinter lease() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Holder", "The current holder of the lease."),
                Column.age()), (l, now) -> Arrays.asList(Fields.name(l),
                Fields.text(l.path("spec").path("holderIdentity")), Ages.age(l, now)));
    }

    /**
     * {@code NAME VALUE GLOBAL-DEFAULT AGE}, plus {@code PREEMPTIONPOLICY} (in the default view) from 1.32 on.
     */
    static KindPrinter priorityClass(int minor) {
        boolean withPolicy = minor >= 32;
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.integer("Value", "The priority value."),
                Column.bool("Global-Default", "Whether this is the default priority class."), Column.age()));
        if (withPolicy) {
            columns.add(Column.text("PreemptionPolicy", "Whether pods of this class preempt others."));
        }
        return new KindPrinter(columns, (pc, now) -> {
            List<Object> cells = new ArrayList<>(Arrays.asList(Fields.name(pc), Fields.integer(pc.path("value")),
                    pc.path("globalDefault").asBoolean(false), Ages.age(pc, now)));
            if (withPolicy) {
                cells.add(Fields.text(pc.path("preemptionPolicy")));
            }
            return cells;
        });
    }

    /** {@code NAME WEBHOOKS AGE} for mutating and validating webhook configurations. */
    static KindPrinter webhookConfiguration() {
        return new KindPrinter(List.of(Column.objectName(), Column.integer("Webhooks", "Number of webhooks."),
                Column.age()), (w, now) -> Arrays.asList(Fields.name(w), Fields.size(w.path("webhooks")),
                Ages.age(w, now)));
    }

    /** {@code NAME CONTROLLER REVISION AGE}; CONTROLLER is {@code kind.group/name} of the controller owner. */
    static KindPrinter controllerRevision() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Controller", "Controller of the object"),
                Column.text("Revision", "The revision number."), Column.age()),
                (cr, now) -> Arrays.asList(Fields.name(cr), controller(cr), Fields.integer(cr.path("revision")),
                        Ages.age(cr, now)));
    }

    private static String controller(JsonNode object) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = Fields.text(ref.path("apiVersion"));
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String kind = Fields.text(ref.path("kind"));
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                String name = Fields.text(ref.path("name"));
                return groupKind.isEmpty() ? name : groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return "<none>";
    }
}
