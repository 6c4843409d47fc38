package io.gitops4j.testkit.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.gitops4j.testkit.kube.FakeKubeException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The single HTTP handler: routes to the non-resource or resource endpoints, turns every failure into a
 * {@code kind: Status} answer (FakeKube's own, 400 for undecodable input, 413 for oversized bodies) and records each
 * request in the {@link RequestLog}.
 *
 * <p>On a server that requires client certificates ({@link ServerTls#clientCertificatesRequired()}), a request whose
 * connection presented no valid one is answered {@code 401 Unauthorized} before anything else, as an API server
 * with anonymous authentication turned off answers it. The user a request was authenticated as is recorded.
 *
 * <p>An unexpected exception is a bug in the fake; it is answered with 500 and its class name (never a stack trace)
 * so tests notice it, and the server carries on.
 */
final class ApiRouter implements HttpHandler {
    private final NonResourceEndpoints nonResource;
    private final ResourceEndpoints resources;
    private final RequestLog log;
    private final io.gitops4j.testkit.fault.Faults faults;
    private final boolean authenticationRequired;

    ApiRouter(NonResourceEndpoints nonResource, ResourceEndpoints resources, RequestLog log,
              io.gitops4j.testkit.fault.Faults faults) {
        this(nonResource, resources, log, faults, false);
    }

    /** @param authenticationRequired true: a request without a valid client certificate gets 401 */
    ApiRouter(NonResourceEndpoints nonResource, ResourceEndpoints resources, RequestLog log,
              io.gitops4j.testkit.fault.Faults faults, boolean authenticationRequired) {
        this.nonResource = nonResource;
        this.resources = resources;
        this.log = log;
        this.faults = faults;
        this.authenticationRequired = authenticationRequired;
    }

    @Override
    public void handle(HttpExchange http) {
        Instant arrived = Instant.now();
        long started = System.nanoTime();
        Exchange ex = new Exchange(http);
        Optional<ApiPath> apiPath = Optional.empty();
        String verb = http.getRequestMethod().toLowerCase(java.util.Locale.ROOT);
        String resource = "";
        boolean complete = true;
        java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();
        String[] logged = {verb, resource};
        ex.beforeResponse(() -> {
            if (recorded.compareAndSet(false, true)) {
                record(ex, arrived, started, logged[0], logged[1]);
            }
        });
        try {
            if (authenticationRequired && ex.clientSubject().isEmpty()) {
                fail(ex, 401, status(401, "Unauthorized", "Unauthorized"));
                return; // recorded and closed below
            }
            apiPath = ApiPath.parse(ex.path());
            if (apiPath.isPresent()) {
                verb = ResourceEndpoints.verb(ex.method(), apiPath.get(), ex.query());
                resource = apiPath.get().resourceKey();
                logged[0] = verb;
                logged[1] = resource;
            }
            final String v = verb;
            final String r = resource;
            // fault injection (io.gitops4j.testkit.fault): may delay, answer instead, or drop the connection
            ApiPath fp = apiPath.orElse(new ApiPath("", "", "", "", "", ""));
            var fault = faults.beforeRequest(new io.gitops4j.testkit.fault.RequestInfo(verb, ex.path(), fp.group(),
                    fp.resource(), fp.subresource(), fp.namespace(), fp.name()));
            if (fault.isPresent()) {
                fault.get().headers().forEach(ex::setHeader);
                if (!fault.get().reset()) {
                    ex.sendJson(fault.get().code(), fault.get().body());
                } else if (http instanceof SocketExchange socket) {
                    socket.abort(); // drop the connection without a response
                }
                return; // recorded (a reset as 500) and closed below
            }
            if (!nonResource.handle(ex)) {
                if (apiPath.isEmpty()) {
                    throw FakeKubeException.noSuchResource();
                }
                complete = resources.handle(ex, apiPath.get(), () -> {
                    if (recorded.compareAndSet(false, true)) {
                        record(ex, arrived, started, v, r);
                    }
                });
            }
        } catch (FakeKubeException e) {
            fail(ex, e.code(), e.status());
        } catch (Exchange.BodyTooLarge e) {
            fail(ex, 413, status(413, "RequestEntityTooLarge", e.getMessage()));
        } catch (IOException e) {
            // the connection broke while reading or writing; nothing more to say
            if (ex.status() == 0) {
                fail(ex, 400, status(400, "BadRequest", "the request could not be read"));
            }
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            internalError(ex, e);
        } finally {
            if (complete) {
                if (recorded.compareAndSet(false, true)) {
                    record(ex, arrived, started, verb, resource);
                }
                ex.drain();
                http.close();
            }
        }
    }

    private static void internalError(Exchange ex, Throwable e) {
        System.err.println("fake-apiserver: " + ex.method() + " " + ex.path() + " failed inside the fake:");
        e.printStackTrace();
        fail(ex, 500, status(500, "InternalError", "an error on the server (" + e.getClass().getSimpleName()
                + ") has prevented the request from succeeding"));
    }

    private void record(Exchange ex, Instant arrived, long started, String verb, String resource) {
        log.add(new RequestRecord(arrived, verb, ex.method(), ex.path(), ex.rawQuery(), resource,
                ex.status() == 0 ? 500 : ex.status(), Duration.ofNanos(System.nanoTime() - started),
                ex.header("User-Agent"), ex.clientSubject().map(CertificateAuthority.Subject::user).orElse("")));
    }

    private static void fail(Exchange ex, int code, Map<String, Object> status) {
        if (ex.status() != 0) {
            return; // a response has started; it cannot be replaced
        }
        ex.drain();
        try {
            ex.sendJson(code, status);
        } catch (IOException | RuntimeException e) {
            // the client is gone
        }
    }

    static Map<String, Object> status(int code, String reason, String message) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("metadata", new LinkedHashMap<>());
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return s;
    }
}
