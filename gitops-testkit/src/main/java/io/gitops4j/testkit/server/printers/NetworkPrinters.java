package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Printers of Service, Endpoints, Ingress, IngressClass and NetworkPolicy. Stateless and thread-safe.
 */
final class NetworkPrinters {
    private static final int MAX_LISTED = 3;

    private NetworkPrinters() {
    }

    /** {@code NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE}, wide {@code SELECTOR}. */
    static KindPrinter service() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Type", "How the service is exposed."),
                Column.text("Cluster-IP", "The service's cluster IP."),
                Column.text("External-IP", "External addresses of the service."),
                Column.text("Port(s)", "The service's ports."),
                Column.age(),
                Column.wide("Selector", "The label selector of the backing pods.")), (svc, now) -> {
            JsonNode spec = svc.path("spec");
            String ports = ports(spec.path("ports"));
            return Arrays.asList(Fields.name(svc), Fields.text(spec.path("type")), clusterIp(spec),
                    externalIp(svc), ports.isEmpty() ? "<none>" : ports, Ages.age(svc, now),
                    Labels.map(spec.path("selector")));
        });
    }

    /** The first of {@code clusterIPs} (else {@code clusterIP}); {@code <none>} without one. */
    static String clusterIp(JsonNode spec) {
        String ip = Fields.text(spec.path("clusterIPs").path(0));
        return ip.isEmpty() ? Fields.orElse(spec.path("clusterIP"), "<none>") : ip;
    }

    /**
     * EXTERNAL-IP: for ClusterIP and NodePort the {@code externalIPs} or {@code <none>}; for LoadBalancer the
     * load-balancer ingress IPs/hostnames (sorted, distinct) followed by the {@code externalIPs}, or
     * {@code <pending>} when there are neither; for ExternalName the external name; {@code <unknown>} otherwise.
     */
    static String externalIp(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        List<String> externalIps = texts(spec.path("externalIPs"));
        switch (Fields.text(spec.path("type"))) {
            case "ClusterIP":
            case "NodePort":
                return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            case "LoadBalancer":
                List<String> all = new ArrayList<>(loadBalancerAddresses(svc.path("status").path("loadBalancer")));
                all.addAll(externalIps);
                return all.isEmpty() ? "<pending>" : String.join(",", all);
            case "ExternalName":
                return Fields.text(spec.path("externalName"));
            default:
                return "<unknown>";
        }
    }

    /** {@code port/PROTOCOL}, or {@code port:nodePort/PROTOCOL} with a node port, comma-joined. */
    static String ports(JsonNode ports) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : ports) {
            long nodePort = Fields.integer(p.path("nodePort"));
            String protocol = Fields.text(p.path("protocol"));
            long port = Fields.integer(p.path("port"));
            out.add(nodePort > 0 ? port + ":" + nodePort + "/" + protocol : port + "/" + protocol);
        }
        return String.join(",", out);
    }

    /** The distinct IPs (else hostnames) of a load-balancer status's ingress points, sorted. */
    static List<String> loadBalancerAddresses(JsonNode loadBalancer) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode ingress : loadBalancer.path("ingress")) {
            String ip = Fields.text(ingress.path("ip"));
            String host = Fields.text(ingress.path("hostname"));
            if (!ip.isEmpty()) {
                out.add(ip);
            } else if (!host.isEmpty()) {
                out.add(host);
            }
        }
        return new ArrayList<>(out);
    }

    /** {@code NAME ENDPOINTS AGE}. */
    static KindPrinter endpoints() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Endpoints", "Addresses and ports of the endpoints."),
                Column.age()), (ep, now) -> Arrays.asList(Fields.name(ep), endpointList(ep.path("subsets")),
                Ages.age(ep, now)));
    }

    /**
     * The first three {@code ip:port} pairs over all subsets (bare IPs for subsets without ports), then
     * {@code + N more...}; {@code <none>} without subsets.
     */
    static String endpointList(JsonNode subsets) {
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> listed = new ArrayList<>();
        int count = 0;
        for (JsonNode subset : subsets) {
            JsonNode addresses = subset.path("addresses");
            if (subset.path("ports").isEmpty()) {
                count += addresses.size();
                addresses.forEach(a -> addListed(listed, Fields.text(a.path("ip"))));
                continue;
            }
            for (JsonNode port : subset.path("ports")) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    addListed(listed, hostPort(Fields.text(a.path("ip")), Fields.integer(port.path("port"))));
                }
            }
        }
        String joined = String.join(",", listed);
        return count > MAX_LISTED ? joined + " + " + (count - MAX_LISTED) + " more..." : joined;
    }

    private static void addListed(List<String> listed, String value) {
        if (listed.size() < MAX_LISTED) {
            listed.add(value);
        }
    }

    private static String hostPort(String ip, long port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** {@code NAME CLASS HOSTS ADDRESS PORTS AGE}. */
    static KindPrinter ingress() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Class", "The IngressClass of the ingress."),
                Column.text("Hosts", "Hosts the rules match."),
                Column.text("Address", "Addresses of the load balancer."),
                Column.text("Ports", "Ports the ingress listens on."),
                Column.age()), (ing, now) -> {
            JsonNode spec = ing.path("spec");
            return Arrays.asList(Fields.name(ing),
                    Fields.present(spec.path("ingressClassName")) ? Fields.text(spec.path("ingressClassName"))
                            : "<none>",
                    hosts(spec.path("rules")),
                    String.join(",", loadBalancerAddresses(ing.path("status").path("loadBalancer"))),
                    spec.path("tls").isEmpty() ? "80" : "80, 443",
                    Ages.age(ing, now));
        });
    }

    /** The first three non-empty rule hosts, then {@code + N more...} (N counting all rules); {@code *} if none. */
    static String hosts(JsonNode rules) {
        List<String> listed = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (listed.size() == MAX_LISTED) {
                more = true;
            }
            String host = Fields.text(rule.path("host"));
            if (!more && !host.isEmpty()) {
                listed.add(host);
            }
        }
        if (listed.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", listed);
        return more ? joined + " + " + (rules.size() - MAX_LISTED) + " more..." : joined;
    }

    /** {@code NAME CONTROLLER PARAMETERS AGE}. */
    static KindPrinter ingressClass() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Controller", "The controller handling this class."),
                Column.text("Parameters", "The resource holding the class's parameters."),
                Column.age()), (ic, now) -> {
            JsonNode params = ic.path("spec").path("parameters");
            String parameters = "<none>";
            if (Fields.present(params)) {
                parameters = Fields.text(params.path("kind"));
                if (Fields.present(params.path("apiGroup"))) {
                    parameters += "." + Fields.text(params.path("apiGroup"));
                }
                parameters += "/" + Fields.text(params.path("name"));
            }
            return Arrays.asList(Fields.name(ic), Fields.text(ic.path("spec").path("controller")), parameters,
                    Ages.age(ic, now));
        });
    }

    /** {@code NAME POD-SELECTOR AGE}. */
    static KindPrinter networkPolicy() {
        return new KindPrinter(List.of(Column.objectName(), Column.text("Pod-Selector", "The pods the policy applies to."),
                Column.age()), (np, now) -> Arrays.asList(Fields.name(np),
                Labels.selectorOrNone(np.path("spec").path("podSelector")), Ages.age(np, now)));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(Fields.text(n)));
        return out;
    }
}
