package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPrintersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void portsShowNodePortsAndProtocols() {
        assertThat(NetworkPrinters.ports(Json.of("[{'port':80,'protocol':'TCP'},"
                + "{'port':443,'nodePort':30443,'protocol':'TCP'},{'port':53,'protocol':'UDP'}]")))
                .isEqualTo("80/TCP,443:30443/TCP,53/UDP");
        assertThat(NetworkPrinters.ports(Json.of("[]"))).isEmpty();
    }

    @Test
    void externalIpPerServiceType() {
        assertThat(NetworkPrinters.externalIp(Json.of("{'spec':{'type':'ClusterIP'}}"))).isEqualTo("<none>");
        assertThat(NetworkPrinters.externalIp(Json.of("{'spec':{'type':'NodePort','externalIPs':['1.2.3.4',"
                + "'5.6.7.8']}}"))).isEqualTo("1.2.3.4,5.6.7.8");
        assertThat(NetworkPrinters.externalIp(Json.of("{'spec':{'type':'LoadBalancer'}}"))).isEqualTo("<pending>");
        assertThat(NetworkPrinters.externalIp(Json.of("{'spec':{'type':'LoadBalancer','externalIPs':['9.9.9.9']},"
                + "'status':{'loadBalancer':{'ingress':[{'ip':'8.8.8.8'},{'hostname':'lb.example.com'},"
                + "{'ip':'1.1.1.1'},{'ip':'8.8.8.8'}]}}}"))).isEqualTo("1.1.1.1,8.8.8.8,lb.example.com,9.9.9.9");
        assertThat(NetworkPrinters.externalIp(Json.of("{'spec':{'type':'ExternalName','externalName':'db.x'}}")))
                .isEqualTo("db.x");
        assertThat(NetworkPrinters.externalIp(Json.of("{'spec':{}}"))).isEqualTo("<unknown>");
    }

    @Test
    void serviceRowUsesTheFirstClusterIpAndNoneForMissingValues() {
        KindPrinter p = NetworkPrinters.service();
        assertThat(p.row(Json.of("{'metadata':{'name':'s','creationTimestamp':'2026-06-01T11:00:00Z'},"
                + "'spec':{'type':'ClusterIP','clusterIPs':['10.0.0.1','fd00::1'],'clusterIP':'10.0.0.1'}}"), NOW))
                .containsExactly("s", "ClusterIP", "10.0.0.1", "<none>", "<none>", "60m", "<none>");
        assertThat(p.row(Json.of("{'metadata':{'name':'h'},'spec':{'type':'ClusterIP','clusterIP':'None',"
                + "'selector':{'app':'x'},'ports':[{'port':80,'protocol':'TCP'}]}}"), NOW))
                .containsExactly("h", "ClusterIP", "None", "<none>", "80/TCP", "<unknown>", "app=x");
    }

    @Test
    void endpointsListThreeAddressesThenCountTheRest() {
        assertThat(NetworkPrinters.endpointList(Json.of("[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],"
                + "'ports':[{'port':80},{'port':443}]}]")))
                .isEqualTo("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...");
        assertThat(NetworkPrinters.endpointList(Json.of("[{'addresses':[{'ip':'fd00::5'}],'ports':[{'port':80}]},"
                + "{'addresses':[{'ip':'10.0.0.9'}]}]"))).isEqualTo("[fd00::5]:80,10.0.0.9");
        assertThat(NetworkPrinters.endpointList(Json.of("[]"))).isEqualTo("<none>");
    }

    @Test
    void ingressHostsAndPorts() {
        assertThat(NetworkPrinters.hosts(Json.of("[{'http':{}}]"))).isEqualTo("*");
        assertThat(NetworkPrinters.hosts(Json.of("[{'host':'a'},{'host':'b'},{},{'host':'c'},{'host':'d'}]")))
                .isEqualTo("a,b,c + 2 more...");
        KindPrinter p = NetworkPrinters.ingress();
        assertThat(p.row(Json.of("{'metadata':{'name':'i'},'spec':{'rules':[{'host':'x.io'}]},"
                + "'status':{'loadBalancer':{'ingress':[{'hostname':'lb.io'}]}}}"), NOW))
                .containsExactly("i", "<none>", "x.io", "lb.io", "80", "<unknown>");
    }

    @Test
    void ingressClassParametersAndNetworkPolicySelector() {
        assertThat(NetworkPrinters.ingressClass().row(Json.of("{'metadata':{'name':'c'},'spec':{'controller':'x/y',"
                + "'parameters':{'apiGroup':'k8s.example.com','kind':'Params','name':'p'}}}"), NOW).get(2))
                .isEqualTo("Params.k8s.example.com/p");
        assertThat(NetworkPrinters.networkPolicy().row(Json.of("{'metadata':{'name':'n'},'spec':{'podSelector':{}}}"),
                NOW).get(1)).isEqualTo("<none>");
    }
}
