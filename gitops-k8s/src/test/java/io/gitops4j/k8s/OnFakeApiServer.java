package io.gitops4j.k8s;

import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of a {@link KubernetesTarget} on a fresh {@link FakeApiServer} each (quick retries, see {@link Fixtures}). */
abstract class OnFakeApiServer {
    FakeApiServer server;
    KubernetesTarget target;

    @BeforeEach
    final void startServerAndTarget() {
        server = FakeApiServer.start();
        target = Fixtures.target(server);
    }

    @AfterEach
    final void closeTargetAndServer() {
        target.close();
        server.close();
    }
}
