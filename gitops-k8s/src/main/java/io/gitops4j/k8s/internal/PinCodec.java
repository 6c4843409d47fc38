package io.gitops4j.k8s.internal;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.source.Revision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A pin as the {@code data} of its ConfigMap: one string field per part of the {@link Pin} ({@code revision.ref},
 * {@code revision.id}, {@code release}, {@code reason}, {@code followedCommit}, {@code since} as an ISO-8601
 * instant), with {@code format} ({@value #FORMAT}) and {@code application}, so that it reads back equal to what was
 * written and stays readable with {@code kubectl get configmap -o yaml}. Stateless.
 */
final class PinCodec {
    /** The format every pin ConfigMap carries; another one is unreadable, not "not pinned". */
    static final String FORMAT = "gitops4j.io/pin/v1";

    private PinCodec() {}

    /** @return the ConfigMap data holding {@code pin} of {@code application} */
    static Map<String, String> encode(String application, Pin pin) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("format", FORMAT);
        data.put("application", application);
        data.put("revision.ref", pin.revision().ref());
        data.put("revision.id", pin.revision().id());
        data.put("release", pin.options().release().name());
        data.put("reason", pin.options().reason());
        data.put("followedCommit", pin.followedCommit());
        data.put("since", pin.since().toString());
        return data;
    }

    /**
     * @return the pin {@code data} holds
     * @throws IllegalArgumentException when it is not a pin of {@code application} in {@link #FORMAT}, naming the
     *     field that is wrong, never its value
     */
    static Pin decode(String application, Map<?, ?> data) {
        if (!FORMAT.equals(data.get("format"))) {
            throw new IllegalArgumentException("it is not in the format " + FORMAT);
        }
        if (!application.equals(data.get("application"))) {
            throw new IllegalArgumentException("its field 'application' names another Application");
        }
        String ref = field(data, "revision.ref");
        String id = field(data, "revision.id");
        String release = field(data, "release");
        String reason = field(data, "reason");
        String followed = field(data, "followedCommit");
        String since = field(data, "since");
        Revision revision = parse("revision.id", () -> new Revision(ref, id));
        PinOptions.Release until = parse("release", () -> PinOptions.Release.valueOf(release));
        PinOptions options = parse("reason", () -> new PinOptions(until, reason));
        Instant at = parse("since", () -> Instant.parse(since));
        parse("followedCommit", () -> new Revision("followed", followed));
        return parse("revision.id", () -> new Pin(revision, options, followed, at));
    }

    private static String field(Map<?, ?> data, String name) {
        if (!(data.get(name) instanceof String value)) {
            throw new IllegalArgumentException("its field '" + name + "' is missing");
        }
        return value;
    }

    /** Runs {@code read}, turning a value that does not parse into an error naming {@code field}, not the value. */
    private static <T> T parse(String field, Supplier<T> read) {
        try {
            return read.get();
        } catch (DateTimeParseException | IllegalArgumentException | GitOpsException e) {
            throw new IllegalArgumentException("its field '" + field + "' does not hold a valid value");
        }
    }
}
