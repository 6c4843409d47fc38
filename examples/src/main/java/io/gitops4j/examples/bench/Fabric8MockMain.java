package io.gitops4j.examples.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * fabric8's {@code kubernetes-server-mock} in CRUD mode as a process of its own, the peer of the fake API server's
 * standalone main in {@code bench fake-apiserver}: prints {@code listening on URL} and serves until killed.
 */
public final class Fabric8MockMain {
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private Fabric8MockMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // the mock web server logs every request at INFO: not part of its cost
        LOG.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        String url = server.url("/");
        System.out.println("listening on " + (url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
