package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The Containers and Images cells of workload printers: the names and the images of a pod spec's containers, each
 * joined with commas in spec order. Stateless and thread-safe.
 */
public final class Containers {
    private Containers() {
    }

    /** The container names of {@code podSpec}, comma-joined; {@code ""} when there are none. */
    public static String names(JsonNode podSpec) {
        return join(podSpec, "name");
    }

    /** The container images of {@code podSpec}, comma-joined; {@code ""} when there are none. */
    public static String images(JsonNode podSpec) {
        return join(podSpec, "image");
    }

    private static String join(JsonNode podSpec, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : podSpec.path("containers")) {
            out.add(Fields.text(c.path(field)));
        }
        return String.join(",", out);
    }
}
