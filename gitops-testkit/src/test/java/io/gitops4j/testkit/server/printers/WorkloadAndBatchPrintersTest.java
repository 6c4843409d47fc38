package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadAndBatchPrintersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String TEMPLATE = "'template':{'spec':{'containers':[{'name':'web','image':'nginx:1.25'},"
            + "{'name':'log','image':'busybox:1.36'}],'nodeSelector':{'disk':'ssd','os':'linux'}}}";

    @Test
    void deploymentReadyIsReadyOfDesiredAndWideShowsContainersImagesSelector() {
        assertThat(WorkloadPrinters.deployment().row(Json.of("{'metadata':{'name':'d','creationTimestamp':"
                + "'2026-05-30T12:00:00Z'},'spec':{'replicas':4,'selector':{'matchLabels':{'app':'d'}}," + TEMPLATE
                + "},'status':{'readyReplicas':3,'updatedReplicas':4,'availableReplicas':3}}"), NOW))
                .containsExactly("d", "3/4", 4L, 3L, "2d", "web,log", "nginx:1.25,busybox:1.36", "app=d");
    }

    @Test
    void deploymentWithoutStatusOrSelector() {
        assertThat(WorkloadPrinters.deployment().row(Json.of("{'metadata':{'name':'d'},'spec':{'replicas':1}}"), NOW))
                .containsExactly("d", "0/1", 0L, 0L, "<unknown>", "", "", "");
        assertThat(WorkloadPrinters.deployment().row(Json.of("{'metadata':{'name':'d'},'spec':{'selector':"
                + "{'matchExpressions':[{'key':'a','operator':'Bad'}]}}}"), NOW).get(7)).isEqualTo("<invalid>");
    }

    @Test
    void replicaSetReplicationControllerStatefulSetDaemonSet() {
        assertThat(WorkloadPrinters.replicaSet().row(Json.of("{'metadata':{'name':'r'},'spec':{'replicas':2,"
                + TEMPLATE + "},'status':{'replicas':2,'readyReplicas':1}}"), NOW))
                .containsExactly("r", 2L, 2L, 1L, "<unknown>", "web,log", "nginx:1.25,busybox:1.36", "<none>");
        assertThat(WorkloadPrinters.replicationController().row(Json.of("{'metadata':{'name':'rc'},"
                + "'spec':{'replicas':1,'selector':{'b':'2','a':'1'}}}"), NOW).get(7)).isEqualTo("a=1,b=2");
        assertThat(WorkloadPrinters.statefulSet().row(Json.of("{'metadata':{'name':'s'},'spec':{'replicas':3,"
                + TEMPLATE + "},'status':{'readyReplicas':2}}"), NOW))
                .containsExactly("s", "2/3", "<unknown>", "web,log", "nginx:1.25,busybox:1.36");
        assertThat(WorkloadPrinters.daemonSet().row(Json.of("{'metadata':{'name':'ds'},'spec':{" + TEMPLATE
                + "}}"), NOW).get(6)).isEqualTo("disk=ssd,os=linux");
    }

    @Test
    void jobCompletionsDurationAndStatus() {
        assertThat(BatchPrinters.completions(Json.of("{'spec':{'completions':5},'status':{'succeeded':2}}")))
                .isEqualTo("2/5");
        assertThat(BatchPrinters.completions(Json.of("{'spec':{'parallelism':3}}"))).isEqualTo("0/1 of 3");
        assertThat(BatchPrinters.completions(Json.of("{'spec':{'parallelism':1},'status':{'succeeded':1}}")))
                .isEqualTo("1/1");
        assertThat(BatchPrinters.duration(Json.of("{'status':{}}"), NOW)).isEmpty();
        assertThat(BatchPrinters.duration(Json.of("{'status':{'startTime':'2026-06-01T11:58:00Z'}}"), NOW))
                .isEqualTo("2m");
        assertThat(BatchPrinters.duration(Json.of("{'status':{'startTime':'2026-06-01T10:00:00Z',"
                + "'completionTime':'2026-06-01T10:00:42Z'}}"), NOW)).isEqualTo("42s");
        assertThat(BatchPrinters.jobStatus(Json.of("{'status':{'conditions':[{'type':'Failed','status':'True'}]}}")))
                .isEqualTo("Failed");
        assertThat(BatchPrinters.jobStatus(Json.of("{'metadata':{'deletionTimestamp':'2026-06-01T11:00:00Z'},"
                + "'status':{'conditions':[{'type':'Suspended','status':'True'}]}}"))).isEqualTo("Terminating");
        assertThat(BatchPrinters.jobStatus(Json.of("{'status':{'conditions':[{'type':'Suspended','status':'True'}]}}")))
                .isEqualTo("Suspended");
        assertThat(BatchPrinters.jobStatus(Json.of("{'status':{'conditions':[{'type':'Complete','status':'False'}]}}")))
                .isEqualTo("Running");
    }

    @Test
    void cronJobSuspendTimezoneAndLastSchedule() {
        KindPrinter p = BatchPrinters.cronJob(33);
        assertThat(p.row(Json.of("{'metadata':{'name':'c'},'spec':{'schedule':'*/5 * * * *','jobTemplate':{'spec':"
                + "{'selector':{'matchLabels':{'j':'c'}}," + TEMPLATE + "}}},'status':{'lastScheduleTime':"
                + "'2026-06-01T11:55:00Z','active':[{},{}]}}"), NOW))
                .containsExactly("c", "*/5 * * * *", "<none>", "<unset>", 2L, "5m", "<unknown>", "web,log",
                        "nginx:1.25,busybox:1.36", "j=c");
    }
}
