package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventAndPolicyPrintersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void coreEventWithTimestampsAndSource() {
        assertThat(EventPrinters.event(false).row(Json.of("{'metadata':{'name':'e1'},'type':'Normal',"
                + "'reason':'Pulled','message':' pulled image \\n','involvedObject':{'kind':'Pod','name':'p',"
                + "'fieldPath':'spec.containers{c}'},'source':{'component':'kubelet'},'firstTimestamp':"
                + "'2026-06-01T11:00:00Z','lastTimestamp':'2026-06-01T11:59:30Z','count':4}"), NOW))
                .containsExactly("30s", "Normal", "Pulled", "pod/p", "spec.containers{c}", "kubelet", "pulled image",
                        "60m", 4L, "e1");
    }

    @Test
    void eventWithOnlyEventTimeAndSeriesUsesThem() {
        assertThat(EventPrinters.event(false).row(Json.of("{'metadata':{'name':'e2'},'eventTime':"
                + "'2026-06-01T11:50:00.000000Z','series':{'count':9,'lastObservedTime':'2026-06-01T11:58:00.000000Z'},"
                + "'reportingController':'ctrl','reportingInstance':'ctrl-1','involvedObject':{'kind':'Node'}}"), NOW))
                .containsExactly("2m", "", "", "node", "", "ctrl, ctrl-1", "", "10m", 9L, "e2");
        assertThat(EventPrinters.event(false).row(Json.of("{'metadata':{'name':'e3'}}"), NOW).get(8)).isEqualTo(1L);
    }

    @Test
    void eventsApiEventsReadTheirOwnFieldNames() {
        assertThat(EventPrinters.event(true).row(Json.of("{'metadata':{'name':'e4'},'type':'Warning','reason':'X',"
                + "'note':'n','regarding':{'kind':'Deployment','name':'web'},'deprecatedSource':{'component':'c',"
                + "'host':'h'},'deprecatedFirstTimestamp':'2026-06-01T11:00:00Z','deprecatedLastTimestamp':"
                + "'2026-06-01T11:30:00Z','deprecatedCount':2}"), NOW))
                .containsExactly("30m", "Warning", "X", "deployment/web", "", "c, h", "n", "60m", 2L, "e4");
    }

    @Test
    void disruptionBudgetBounds() {
        assertThat(PolicyPrinters.podDisruptionBudget().row(Json.of("{'metadata':{'name':'p'},'spec':{"
                + "'maxUnavailable':'30%'},'status':{'disruptionsAllowed':2}}"), NOW))
                .containsExactly("p", "N/A", "30%", 2L, "<unknown>");
    }

    @Test
    void hpaTargetsPerMetricType() {
        String specs = "[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization',"
                + "'averageUtilization':70}}},{'type':'External','external':{'metric':{'name':'q'},'target':"
                + "{'type':'AverageValue','averageValue':'30'}}},{'type':'Object','object':{'target':{'type':'Value',"
                + "'value':'10k'}}}]";
        String statuses = "[{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':35}}},"
                + "{'type':'External','external':{'current':{'averageValue':'12'}}}]";
        assertThat(PolicyPrinters.targets(Json.of(specs), Json.of(statuses), true))
                .isEqualTo("cpu: 35%/70%, 12/30 (avg) + 1 more...");
        assertThat(PolicyPrinters.targets(Json.of(specs), Json.of("[]"), false))
                .isEqualTo("<unknown>/70%, <unknown>/30 (avg) + 1 more...");
        assertThat(PolicyPrinters.targets(Json.of("[{'type':'ContainerResource','containerResource':{'name':'memory',"
                + "'container':'app','target':{'type':'Utilization'}}},{'type':'Pods','pods':{'target':"
                + "{'averageValue':'1k'}}}]"), Json.of("[]"), true)).isEqualTo("memory: <unknown>/<auto>, <unknown>/1k");
        assertThat(PolicyPrinters.targets(Json.of("[]"), Json.of("[]"), true)).isEqualTo("<none>");
    }

    @Test
    void hpaRowAndTheV1CpuFields() {
        assertThat(PolicyPrinters.horizontalPodAutoscaler(33, true).row(Json.of("{'metadata':{'name':'h'},'spec':"
                + "{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':5,"
                + "'targetCPUUtilizationPercentage':50},'status':{'currentReplicas':2}}"), NOW))
                .containsExactly("h", "Deployment/web", "cpu: <unknown>/50%", "<unset>", 5L, 2L, "<unknown>");
        assertThat(PolicyPrinters.horizontalPodAutoscaler(29, true).row(Json.of("{'metadata':{'name':'h'},'spec':"
                + "{'minReplicas':1,'targetCPUUtilizationPercentage':50},'status':"
                + "{'currentCPUUtilizationPercentage':20}}"), NOW).subList(2, 4)).containsExactly("20%/50%", "1");
    }

    @Test
    void bindingsListSubjectsByKind() {
        assertThat(RbacPrinters.binding().row(Json.of("{'metadata':{'name':'b'},'roleRef':{'kind':'ClusterRole',"
                + "'name':'edit'},'subjects':[{'kind':'ServiceAccount','name':'sa'},{'kind':'User','name':'u1'},"
                + "{'kind':'ServiceAccount','name':'x','namespace':'ns'},{'kind':'User','name':'u2'}]}"), NOW))
                .containsExactly("b", "ClusterRole/edit", "<unknown>", "u1, u2", "", "sa, ns/x");
    }
}
