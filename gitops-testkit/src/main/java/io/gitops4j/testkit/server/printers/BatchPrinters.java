package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Printers of Job and CronJob. Version differences: Job's STATUS column and CronJob's TIMEZONE column exist from
 * Kubernetes 1.30 on. Stateless and thread-safe.
 */
final class BatchPrinters {
    private static final Column CONTAINERS = Column.wide("Containers", "Names of each container in the template.");
    private static final Column IMAGES = Column.wide("Images", "Images referenced by each container in the template.");
    private static final Column SELECTOR = Column.wide("Selector", "The label selector of the job's pods.");

    private BatchPrinters() {
    }

    /**
     * {@code NAME [STATUS] COMPLETIONS DURATION AGE}, wide {@code CONTAINERS IMAGES SELECTOR}; STATUS from 1.30.
     */
    static KindPrinter job(int minor) {
        boolean withStatus = minor >= 30;
        List<Column> columns = new ArrayList<>(List.of(Column.objectName()));
        if (withStatus) {
            columns.add(Column.text("Status", "Status of the job."));
        }
        columns.addAll(List.of(Column.text("Completions", "Succeeded pods of the wanted completions."),
                Column.text("Duration", "Time the job ran (until now while it runs)."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR));
        return new KindPrinter(columns, (job, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Fields.name(job));
            if (withStatus) {
                cells.add(jobStatus(job));
            }
            JsonNode podSpec = job.path("spec").path("template").path("spec");
            cells.add(completions(job));
            cells.add(duration(job, now));
            cells.add(Ages.age(job, now));
            cells.add(Containers.names(podSpec));
            cells.add(Containers.images(podSpec));
            cells.add(Labels.selectorOrNone(job.path("spec").path("selector")));
            return cells;
        });
    }

    /**
     * {@code succeeded/completions}; without completions {@code succeeded/1}, or {@code succeeded/1 of P} when
     * parallelism P is above 1.
     */
    static String completions(JsonNode job) {
        long succeeded = Fields.integer(job.path("status").path("succeeded"));
        JsonNode completions = job.path("spec").path("completions");
        if (Fields.present(completions)) {
            return succeeded + "/" + completions.asLong();
        }
        long parallelism = Fields.integer(job.path("spec").path("parallelism"));
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    /** Start to completion (or to now while running); empty before the job started. */
    static String duration(JsonNode job, Instant now) {
        Instant start = Ages.instant(job.path("status").path("startTime"));
        if (start == null) {
            return "";
        }
        Instant end = Ages.instant(job.path("status").path("completionTime"));
        return Ages.human(Duration.between(start, end == null ? now : end));
    }

    /**
     * The first that applies: {@code Complete}, {@code Failed} (true conditions), {@code Terminating} (being
     * deleted), {@code Suspended}, {@code FailureTarget} (true conditions), else {@code Running}.
     */
    static String jobStatus(JsonNode job) {
        JsonNode conditions = job.path("status").path("conditions");
        if (Fields.conditionTrue(conditions, "Complete")) {
            return "Complete";
        }
        if (Fields.conditionTrue(conditions, "Failed")) {
            return "Failed";
        }
        if (Fields.deleting(job)) {
            return "Terminating";
        }
        if (Fields.conditionTrue(conditions, "Suspended")) {
            return "Suspended";
        }
        if (Fields.conditionTrue(conditions, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /**
     * {@code NAME SCHEDULE [TIMEZONE] SUSPEND ACTIVE LAST SCHEDULE AGE}, wide {@code CONTAINERS IMAGES SELECTOR};
     * TIMEZONE from 1.30.
     */
    static KindPrinter cronJob(int minor) {
        boolean withZone = minor >= 30;
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.text("Schedule", "The cron schedule.")));
        if (withZone) {
            columns.add(Column.text("Timezone", "The time zone of the schedule."));
        }
        columns.addAll(List.of(Column.bool("Suspend", "Whether new runs are suspended."),
                Column.integer("Active", "Jobs running now."),
                Column.text("Last Schedule", "Time since the job was last scheduled."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR));
        return new KindPrinter(columns, (cj, now) -> {
            JsonNode spec = cj.path("spec");
            JsonNode lastSchedule = cj.path("status").path("lastScheduleTime");
            JsonNode podSpec = spec.path("jobTemplate").path("spec").path("template").path("spec");
            List<Object> cells = new ArrayList<>();
            cells.add(Fields.name(cj));
            cells.add(Fields.text(spec.path("schedule")));
            if (withZone) {
                cells.add(Fields.present(spec.path("timeZone")) ? Fields.text(spec.path("timeZone")) : "<none>");
            }
            JsonNode suspend = spec.path("suspend");
            cells.add(!Fields.present(suspend) ? "<unset>" : suspend.asBoolean() ? "True" : "False");
            cells.add(Fields.size(cj.path("status").path("active")));
            cells.add(Fields.present(lastSchedule) ? Ages.since(lastSchedule, now) : "<none>");
            cells.add(Ages.age(cj, now));
            cells.add(Containers.names(podSpec));
            cells.add(Containers.images(podSpec));
            cells.add(Labels.selectorOrNone(spec.path("jobTemplate").path("spec").path("selector")));
            return cells;
        });
    }
}
