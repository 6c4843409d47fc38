package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The computed READY, STATUS and RESTARTS cells of a pod, as {@code kubectl get pods} shows them.
 *
 * <p>STATUS starts from {@code status.reason}, else {@code status.phase}; a {@code SchedulingGated} scheduling
 * condition wins over that. Then the init containers are walked in order: one that failed shows as
 * {@code Init:<reason>} ({@code Init:ExitCode:N} / {@code Init:Signal:N} without a reason), one that waits with a
 * reason as {@code Init:<reason>}, one still running as {@code Init:i/n}. Started sidecars (init containers with
 * {@code restartPolicy: Always}) count as ready containers when ready. Once initialised, the app containers are walked
 * from the last to the first, and a waiting or terminated container's reason ({@code CrashLoopBackOff},
 * {@code ContainerCreating}, {@code Completed}, {@code ExitCode:N}, …) becomes the status; {@code Completed} turns
 * back into {@code Running} (or {@code NotReady}) while another container still runs. Finally a pod being deleted
 * shows {@code Terminating} (or {@code Unknown} when its node was lost); from Kubernetes 1.31 on, not when it already
 * succeeded or failed.
 *
 * <p>RESTARTS sums the restart counts of the containers that decided the status and adds
 * {@code (<age> ago)} of the latest last-termination when there were restarts.
 *
 * @param ready    {@code readyContainers/totalContainers}
 * @param status   the STATUS cell
 * @param restarts the RESTARTS cell
 */
public record PodSummary(String ready, String status, String restarts) {

    /** Summarises {@code pod} as seen at {@code now} by a server of Kubernetes {@code 1.minor}. */
    public static PodSummary of(JsonNode pod, Instant now, int minor) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        String phase = Fields.text(status.path("phase"));
        String reason = Fields.orElse(status.path("reason"), phase);
        for (JsonNode c : status.path("conditions")) {
            if ("PodScheduled".equals(Fields.text(c.path("type")))
                    && "SchedulingGated".equals(Fields.text(c.path("reason")))) {
                reason = "SchedulingGated";
            }
        }
        Set<String> sidecars = new HashSet<>();
        int initCount = spec.path("initContainers").size();
        for (JsonNode c : spec.path("initContainers")) {
            if ("Always".equals(Fields.text(c.path("restartPolicy")))) {
                sidecars.add(Fields.text(c.path("name")));
            }
        }
        int total = spec.path("containers").size() + sidecars.size();
        int readyCount = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        int index = 0;
        for (JsonNode c : status.path("initContainerStatuses")) {
            int i = index++;
            restarts += Fields.integer(c.path("restartCount"));
            Instant finished = lastTermination(c);
            lastRestart = later(lastRestart, finished);
            boolean sidecar = sidecars.contains(Fields.text(c.path("name")));
            if (sidecar) {
                sidecarRestarts += Fields.integer(c.path("restartCount"));
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = c.path("state").path("terminated");
            JsonNode waiting = c.path("state").path("waiting");
            if (Fields.present(terminated) && Fields.integer(terminated.path("exitCode")) == 0) {
                continue;
            }
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) {
                    readyCount++;
                }
                continue;
            }
            if (Fields.present(terminated)) {
                reason = "Init:" + terminationReason(terminated);
            } else if (!Fields.text(waiting.path("reason")).isEmpty()
                    && !"PodInitializing".equals(Fields.text(waiting.path("reason")))) {
                reason = "Init:" + Fields.text(waiting.path("reason"));
            } else {
                reason = "Init:" + i + "/" + initCount;
            }
            initializing = true;
            break;
        }
        if (!initializing || Fields.conditionTrue(status.path("conditions"), "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean running = false;
            JsonNode statuses = status.path("containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += Fields.integer(c.path("restartCount"));
                lastRestart = later(lastRestart, lastTermination(c));
                JsonNode waiting = c.path("state").path("waiting");
                JsonNode terminated = c.path("state").path("terminated");
                if (!Fields.text(waiting.path("reason")).isEmpty()) {
                    reason = Fields.text(waiting.path("reason"));
                } else if (Fields.present(terminated)) {
                    reason = terminationReason(terminated);
                } else if (c.path("ready").asBoolean(false) && Fields.present(c.path("state").path("running"))) {
                    running = true;
                    readyCount++;
                }
            }
            if ("Completed".equals(reason) && running) {
                reason = Fields.conditionTrue(status.path("conditions"), "Ready") ? "Running" : "NotReady";
            }
        }
        if (Fields.deleting(pod) && "NodeLost".equals(Fields.text(status.path("reason")))) {
            reason = "Unknown";
        } else if (Fields.deleting(pod) && (minor < 31 || !phase.equals("Succeeded") && !phase.equals("Failed"))) {
            reason = "Terminating";
        }
        String restartCell = String.valueOf(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartCell = restarts + " (" + Ages.human(Duration.between(lastRestart, now)) + " ago)";
        }
        return new PodSummary(readyCount + "/" + total, reason, restartCell);
    }

    /** A terminated state's reason, else {@code Signal:N} or {@code ExitCode:N}. */
    private static String terminationReason(JsonNode terminated) {
        String r = Fields.text(terminated.path("reason"));
        if (!r.isEmpty()) {
            return r;
        }
        long signal = Fields.integer(terminated.path("signal"));
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + Fields.integer(terminated.path("exitCode"));
    }

    private static Instant lastTermination(JsonNode containerStatus) {
        return Ages.instant(containerStatus.path("lastState").path("terminated").path("finishedAt"));
    }

    private static Instant later(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || current.isBefore(candidate) ? candidate : current;
    }
}
