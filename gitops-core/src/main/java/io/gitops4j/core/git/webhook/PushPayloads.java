package io.gitops4j.core.git.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the push payload of each provider into {@link PushEvent}s. */
final class PushPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZEROS = "0000000000000000000000000000000000000000";

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxStringLength(1 << 20).build());
    }

    private PushPayloads() {}

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw malformed("the body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON");
        } catch (IOException e) {
            throw malformed("the body cannot be read");
        }
    }

    /** GitHub and Gitea/Forgejo share this shape. */
    static List<PushEvent> githubLike(WebhookProvider provider, JsonNode root) {
        JsonNode repo = root.path("repository");
        List<String> urls = urls(repo, "clone_url", "ssh_url", "git_url", "html_url");
        String commit = root.path("deleted").asBoolean(false) ? "" : text(root, "after");
        return List.of(new PushEvent(provider, urls, text(root, "ref"), normalize(commit)));
    }

    static List<PushEvent> gitlab(JsonNode root) {
        Set<String> urls = new LinkedHashSet<>();
        urls.addAll(urls(root.path("project"), "git_http_url", "git_ssh_url", "web_url"));
        urls.addAll(urls(root.path("repository"), "git_http_url", "git_ssh_url", "homepage"));
        String after = root.path("after").asText(root.path("checkout_sha").asText(""));
        return List.of(new PushEvent(WebhookProvider.GITLAB, List.copyOf(urls), text(root, "ref"), normalize(after)));
    }

    static List<PushEvent> bitbucketCloud(JsonNode root) {
        JsonNode repo = root.path("repository");
        List<String> urls = new ArrayList<>();
        String fullName = repo.path("full_name").asText("");
        if (!fullName.isEmpty()) {
            urls.add("https://bitbucket.org/" + fullName + ".git");
            urls.add("git@bitbucket.org:" + fullName + ".git");
        }
        String html = repo.path("links").path("html").path("href").asText("");
        if (!html.isEmpty()) {
            urls.add(html);
        }
        List<PushEvent> events = new ArrayList<>();
        JsonNode changes = root.path("push").path("changes");
        if (!changes.isArray()) {
            throw malformed("push.changes is missing");
        }
        for (JsonNode change : changes) {
            JsonNode target = change.path("new").isObject() ? change.path("new") : change.path("old");
            String type = target.path("type").asText("");
            String name = text(target, "name");
            String ref = (type.equals("tag") ? "refs/tags/" : "refs/heads/") + name;
            String commit = change.path("new").isObject() ? text(change.path("new").path("target"), "hash") : "";
            events.add(new PushEvent(WebhookProvider.BITBUCKET_CLOUD, urls, ref, normalize(commit)));
        }
        return events;
    }

    static List<PushEvent> bitbucketDataCenter(JsonNode root) {
        List<String> urls = new ArrayList<>();
        for (JsonNode link : root.path("repository").path("links").path("clone")) {
            String href = link.path("href").asText("");
            if (!href.isEmpty()) {
                urls.add(href);
            }
        }
        List<PushEvent> events = new ArrayList<>();
        JsonNode changes = root.path("changes");
        if (!changes.isArray()) {
            throw malformed("changes is missing");
        }
        for (JsonNode change : changes) {
            String ref = text(change.path("ref"), "id");
            String commit = "DELETE".equals(change.path("type").asText()) ? "" : text(change, "toHash");
            events.add(new PushEvent(WebhookProvider.BITBUCKET_DATA_CENTER, urls, ref, normalize(commit)));
        }
        return events;
    }

    static List<PushEvent> generic(JsonNode root) {
        List<String> urls = new ArrayList<>();
        if (root.path("repository").isTextual()) {
            urls.add(root.path("repository").asText());
        }
        for (JsonNode u : root.path("repositories")) {
            urls.add(u.asText());
        }
        return List.of(new PushEvent(WebhookProvider.GENERIC, urls, text(root, "ref"),
                normalize(root.path("commit").asText(""))));
    }

    private static List<String> urls(JsonNode node, String... fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            String v = node.path(f).asText("");
            if (!v.isEmpty() && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw malformed("field '" + field + "' is missing");
        }
        return v.asText();
    }

    private static String normalize(String commit) {
        return commit.equals(ZEROS) ? "" : commit;
    }

    static WebhookException malformed(String why) {
        return new WebhookException(WebhookException.Reason.MALFORMED, "webhook payload refused: " + why);
    }
}
