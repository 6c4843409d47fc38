package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The job controller (1.31+ shape): a started Job has {@code startTime} and {@code active} pods; a finished one has
 * {@code SuccessCriteriaMet} and {@code Complete} (reason {@code CompletionsReached}), {@code succeeded} equal to
 * {@code spec.completions} and a {@code completionTime}; a failed one has {@code FailureTarget} and {@code Failed}
 * (reason {@code BackoffLimitExceeded}) with {@code failed} one more than {@code spec.backoffLimit}. Suspended Jobs
 * are left alone.
 */
final class JobStatus implements StatusRule {

    @Override
    public Simulation simulation() {
        return Simulation.JOBS;
    }

    @Override
    public String group() {
        return "batch";
    }

    @Override
    public String kind() {
        return "Job";
    }

    @Override
    public boolean pending(Map<String, Object> job) {
        return !Boolean.TRUE.equals(Fields.value(job, "spec", "suspend"))
                && Fields.string(job, "status", "startTime").isEmpty()
                && !"True".equals(Fields.condition(job, "Complete").get("status"))
                && !"True".equals(Fields.condition(job, "Failed").get("status"));
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> job, String now) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("startTime", now);
        s.put("active", Fields.small(Fields.number(job, 1, "spec", "parallelism")));
        s.put("ready", 0);
        s.put("terminating", 0);
        s.put("uncountedTerminatedPods", new LinkedHashMap<>());
        return Optional.of(s);
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> job, boolean failed, String now) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (failed) {
            String message = "Job has reached the specified backoff limit";
            s.put("conditions", Fields.list(
                    Fields.condition(job, "FailureTarget", true, "BackoffLimitExceeded", message, now,
                            "lastProbeTime"),
                    Fields.condition(job, "Failed", true, "BackoffLimitExceeded", message, now, "lastProbeTime")));
            s.put("startTime", startTime(job, now));
            s.put("failed", Fields.small(Fields.number(job, 6, "spec", "backoffLimit") + 1));
        } else {
            String message = "Reached expected number of succeeded pods";
            s.put("conditions", Fields.list(
                    Fields.condition(job, "SuccessCriteriaMet", true, "CompletionsReached", message, now,
                            "lastProbeTime"),
                    Fields.condition(job, "Complete", true, "CompletionsReached", message, now, "lastProbeTime")));
            s.put("startTime", startTime(job, now));
            s.put("completionTime", now);
            s.put("succeeded", Fields.small(Fields.number(job, 1, "spec", "completions")));
        }
        s.put("ready", 0);
        s.put("terminating", 0);
        s.put("uncountedTerminatedPods", new LinkedHashMap<>());
        return Optional.of(s);
    }

    private static String startTime(Map<String, Object> job, String now) {
        String started = Fields.string(job, "status", "startTime");
        return started.isEmpty() ? now : started;
    }
}
