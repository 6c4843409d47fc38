package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PodSummaryTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String ONE = "'spec':{'containers':[{'name':'app'}]}";
    private static final String TWO = "'spec':{'containers':[{'name':'app'},{'name':'log'}]}";

    private static PodSummary pod(String json) {
        return PodSummary.of(Json.of(json), NOW, 33);
    }

    @Test
    void pendingPodWithoutStatusesShowsItsPhase() {
        assertThat(pod("{" + ONE + ",'status':{'phase':'Pending'}}"))
                .isEqualTo(new PodSummary("0/1", "Pending", "0"));
    }

    @Test
    void waitingReasonBecomesTheStatus() {
        assertThat(pod("{" + ONE + ",'status':{'phase':'Pending','containerStatuses':[{'name':'app',"
                + "'state':{'waiting':{'reason':'ContainerCreating'}}}]}}").status()).isEqualTo("ContainerCreating");
    }

    @Test
    void runningAndReadyContainersCount() {
        assertThat(pod("{" + TWO + ",'status':{'phase':'Running','containerStatuses':["
                + "{'name':'app','ready':true,'state':{'running':{}}},"
                + "{'name':'log','ready':false,'state':{'running':{}}}]}}"))
                .isEqualTo(new PodSummary("1/2", "Running", "0"));
    }

    @Test
    void crashLoopShowsRestartsWithTheAgeOfTheLastTermination() {
        PodSummary s = pod("{" + TWO + ",'status':{'phase':'Running','containerStatuses':["
                + "{'name':'app','restartCount':4,'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
                + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2026-06-01T11:55:00Z'}}},"
                + "{'name':'log','restartCount':1,'ready':true,'state':{'running':{}},"
                + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2026-06-01T10:00:00Z'}}}]}}");
        assertThat(s).isEqualTo(new PodSummary("1/2", "CrashLoopBackOff", "5 (5m ago)"));
    }

    @Test
    void restartsWithoutATerminationTimeHaveNoAge() {
        assertThat(pod("{" + ONE + ",'status':{'phase':'Running','containerStatuses':[{'name':'app',"
                + "'restartCount':2,'ready':true,'state':{'running':{}}}]}}").restarts()).isEqualTo("2");
    }

    @Test
    void terminatedContainersShowTheirReasonOrExitCodeOrSignal() {
        assertThat(pod("{" + ONE + ",'status':{'phase':'Succeeded','containerStatuses':[{'name':'app',"
                + "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}}").status()).isEqualTo("Completed");
        assertThat(pod("{" + ONE + ",'status':{'phase':'Failed','containerStatuses':[{'name':'app',"
                + "'state':{'terminated':{'exitCode':137}}}]}}").status()).isEqualTo("ExitCode:137");
        assertThat(pod("{" + ONE + ",'status':{'phase':'Failed','containerStatuses':[{'name':'app',"
                + "'state':{'terminated':{'exitCode':0,'signal':9}}}]}}").status()).isEqualTo("Signal:9");
    }

    @Test
    void completedTurnsBackToRunningOrNotReadyWhileAnotherContainerRuns() {
        String statuses = "'containerStatuses':[{'name':'app','ready':true,'state':{'running':{}}},"
                + "{'name':'log','state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]";
        assertThat(pod("{" + TWO + ",'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],"
                + statuses + "}}").status()).isEqualTo("Running");
        assertThat(pod("{" + TWO + ",'status':{'phase':'Running'," + statuses + "}}").status())
                .isEqualTo("NotReady");
    }

    @Test
    void initContainersShowProgressOrTheirFailure() {
        String spec = "'spec':{'initContainers':[{'name':'a'},{'name':'b'}],'containers':[{'name':'app'}]}";
        assertThat(pod("{" + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'a','state':{'running':{}}},{'name':'b','state':{'waiting':{'reason':'PodInitializing'}}}]}}")
                .status()).isEqualTo("Init:0/2");
        assertThat(pod("{" + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'a','state':{'terminated':{'exitCode':0}}},"
                + "{'name':'b','restartCount':3,'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}}"))
                .isEqualTo(new PodSummary("0/1", "Init:CrashLoopBackOff", "3"));
        assertThat(pod("{" + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'a','state':{'terminated':{'exitCode':2,'reason':'Error'}}}]}}").status())
                .isEqualTo("Init:Error");
        assertThat(pod("{" + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'a','state':{'terminated':{'exitCode':2}}}]}}").status()).isEqualTo("Init:ExitCode:2");
        assertThat(pod("{" + spec + ",'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'a','state':{'terminated':{'exitCode':1,'signal':15}}}]}}").status())
                .isEqualTo("Init:Signal:15");
    }

    @Test
    void startedSidecarsCountAsContainers() {
        String spec = "'spec':{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],"
                + "'containers':[{'name':'app'}]}";
        PodSummary s = pod("{" + spec + ",'status':{'phase':'Running','conditions':[{'type':'Initialized',"
                + "'status':'True'}],'initContainerStatuses':[{'name':'proxy','started':true,'ready':true,"
                + "'restartCount':1,'state':{'running':{}}}],'containerStatuses':[{'name':'app','ready':true,"
                + "'state':{'running':{}}}]}}");
        assertThat(s).isEqualTo(new PodSummary("2/2", "Running", "1"));
    }

    @Test
    void deletionShowsTerminatingUnlessFinishedOrNodeLost() {
        String deleting = "'metadata':{'deletionTimestamp':'2026-06-01T11:59:00Z'}";
        assertThat(pod("{" + deleting + "," + ONE + ",'status':{'phase':'Running'}}").status())
                .isEqualTo("Terminating");
        assertThat(pod("{" + deleting + "," + ONE + ",'status':{'phase':'Succeeded'}}").status())
                .isEqualTo("Succeeded");
        assertThat(pod("{" + deleting + "," + ONE + ",'status':{'phase':'Running','reason':'NodeLost'}}").status())
                .isEqualTo("Unknown");
        assertThat(PodSummary.of(Json.of("{" + deleting + "," + ONE + ",'status':{'phase':'Succeeded'}}"), NOW, 30)
                .status()).as("before 1.31 a deleted pod is Terminating whatever its phase").isEqualTo("Terminating");
    }

    @Test
    void statusReasonAndSchedulingGatesWinOverThePhase() {
        assertThat(pod("{" + ONE + ",'status':{'phase':'Failed','reason':'Evicted'}}").status()).isEqualTo("Evicted");
        assertThat(pod("{" + ONE + ",'status':{'phase':'Pending','conditions':[{'type':'PodScheduled',"
                + "'status':'False','reason':'SchedulingGated'}]}}").status()).isEqualTo("SchedulingGated");
    }

    @Test
    void readinessGatesCountTrueConditions() {
        assertThat(PodPrinters.readinessGates(Json.of("{'spec':{'readinessGates':[{'conditionType':'a'},"
                + "{'conditionType':'b'}]},'status':{'conditions':[{'type':'a','status':'True'},"
                + "{'type':'b','status':'False'}]}}"))).isEqualTo("1/2");
        assertThat(PodPrinters.readinessGates(Json.of("{'spec':{}}"))).isEqualTo("<none>");
    }
}
