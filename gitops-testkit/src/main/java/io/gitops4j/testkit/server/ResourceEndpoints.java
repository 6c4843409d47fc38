package io.gitops4j.testkit.server;

import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ListResult;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.kube.WriteResult;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CRUD on resource URLs, translated one to one into {@link FakeKube} calls: GET (get, list, watch), POST (create),
 * PUT (update), PATCH (patch, apply), DELETE (delete, deletecollection). The semantics are FakeKube's; this class
 * only maps URLs, query parameters, bodies and content types, and picks JSON or Table for the answer.
 */
final class ResourceEndpoints {
    private final FakeKube kube;
    private final WatchStreams watches;
    private final Clock clock;
    private final TableRenderer tables;

    ResourceEndpoints(FakeKube kube, WatchStreams watches, Clock clock, TableRenderer tables) {
        this.kube = kube;
        this.watches = watches;
        this.clock = clock;
        this.tables = tables;
    }

    /** The Kubernetes verb of a request, for the request log. */
    static String verb(String method, ApiPath path, Map<String, String> query) {
        boolean collection = path.name().isEmpty();
        switch (method) {
            case "GET":
            case "HEAD":
                if (collection) {
                    String watch = query.get("watch");
                    return "true".equals(watch) || "1".equals(watch) ? "watch" : "list";
                }
                return "get";
            case "POST":
                return "create";
            case "PUT":
                return "update";
            case "PATCH":
                return "patch";
            case "DELETE":
                return collection ? "deletecollection" : "delete";
            default:
                return method.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Answers a resource request.
     *
     * @param onDone run once the response is complete (for watches: as soon as the stream is open)
     * @return true when the response is complete on return, false when a watch stream took it over
     */
    boolean handle(Exchange ex, ApiPath p, Runnable onDone) throws IOException, Exchange.BodyTooLarge {
        ResourceType type = kube.type(p.group(), p.version(), p.resource());
        if (!p.namespace().isEmpty() && !type.namespaced()) {
            throw FakeKubeException.noSuchResource();
        }
        String verb = verb(ex.method(), p, ex.query());
        Impersonation.authorize(kube, ex, p, type, verb);
        String userAgent = ex.header("User-Agent");
        switch (verb) {
            case "get": {
                Map<String, Object> object = kube.get(type, p.namespace(), p.name(), p.subresource());
                String table = p.subresource().isEmpty() ? MediaTypes.tableVersion(ex.header("Accept")) : "";
                if (!table.isEmpty()) {
                    sendTable(ex, type, List.of(object), new LinkedHashMap<>(), table);
                } else {
                    ex.sendJson(200, object);
                }
                return true;
            }
            case "list": {
                requireNoSubresource(p);
                ListResult result = kube.list(type, p.namespace(), ListOptions.fromQuery(ex.query()));
                String table = MediaTypes.tableVersion(ex.header("Accept"));
                Map<String, Object> body = result.toMap();
                if (!table.isEmpty()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
                    sendTable(ex, type, result.items(), meta, table);
                } else {
                    ex.sendJson(200, body);
                }
                return true;
            }
            case "watch":
                requireNoSubresource(p);
                return watches.start(ex, type, p.namespace(), MediaTypes.tableVersion(ex.header("Accept")), onDone);
            case "create": {
                if (!p.name().isEmpty() || (type.namespaced() && p.namespace().isEmpty())) {
                    throw methodNotAllowed();
                }
                WriteOptions options = WriteOptions.fromQuery(ex.query(), userAgent);
                Map<String, Object> body = RequestBodies.object(ex.body(), ex.header("Content-Type"));
                send(ex, kube.create(type, p.namespace(), body, options));
                return true;
            }
            case "update": {
                if (p.name().isEmpty()) {
                    throw methodNotAllowed();
                }
                WriteOptions options = WriteOptions.fromQuery(ex.query(), userAgent);
                Map<String, Object> body = RequestBodies.object(ex.body(), ex.header("Content-Type"));
                send(ex, kube.update(type, p.namespace(), p.name(), p.subresource(), body, options));
                return true;
            }
            case "patch": {
                if (p.name().isEmpty()) {
                    throw methodNotAllowed();
                }
                PatchType patchType = PatchType.fromContentType(ex.header("Content-Type"))
                        .orElseThrow(() -> FakeKubeException.unsupportedMediaType(
                                "the body of the request was in an unknown format - accepted media types include: "
                                        + "application/json-patch+json, application/merge-patch+json, "
                                        + "application/apply-patch+yaml, application/strategic-merge-patch+json"));
                WriteOptions options = WriteOptions.fromQuery(ex.query(), userAgent);
                String patch = RequestBodies.patch(ex.body(), patchType);
                send(ex, kube.patch(type, p.namespace(), p.name(), p.subresource(), patchType, patch, options));
                return true;
            }
            case "delete": {
                requireNoSubresource(p);
                Map<String, Object> body = RequestBodies.optionalObject(ex.body(), ex.header("Content-Type"));
                DeleteOptions options = DeleteOptions.from(body, ex.query());
                ex.sendJson(200, kube.delete(type, p.namespace(), p.name(), options).body());
                return true;
            }
            case "deletecollection": {
                Map<String, Object> body = RequestBodies.optionalObject(ex.body(), ex.header("Content-Type"));
                DeleteOptions options = DeleteOptions.from(body, ex.query());
                ex.sendJson(200, kube.deleteCollection(type, p.namespace(), ListOptions.fromQuery(ex.query()),
                        options).toMap());
                return true;
            }
            default:
                throw methodNotAllowed();
        }
    }

    private static void requireNoSubresource(ApiPath p) {
        if (!p.subresource().isEmpty()) {
            throw methodNotAllowed();
        }
    }

    private static FakeKubeException methodNotAllowed() {
        return FakeKubeException.methodNotAllowed("the server does not allow this method on the requested resource");
    }

    private static void send(Exchange ex, WriteResult result) throws IOException {
        for (String warning : result.warnings()) {
            ex.http().getResponseHeaders().add("Warning", "299 - \"" + warning.replace("\"", "'") + "\"");
        }
        ex.sendJson(result.httpStatus(), result.object());
    }

    private void sendTable(Exchange ex, ResourceType type, List<Map<String, Object>> objects,
                           Map<String, Object> metadata, String tableVersion) throws IOException {
        ex.sendJson(200, tables.render(type, objects, metadata, tableVersion, true, clock.instant()),
                "application/json;as=Table;v=" + tableVersion + ";g=meta.k8s.io");
    }
}
