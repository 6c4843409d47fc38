package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.k8s.RetryOptions;
import io.gitops4j.testkit.FakeApiServer;
import io.kubernetes.client.util.Config;
import java.time.Duration;

/** Inventory stores with settings the public builder does not offer (small chunks), for tests. */
public final class TestStores {
    /** @return a store on {@code server} splitting past {@code chunkBytes} compressed bytes; close it */
    public ConfigMapInventoryStore smallChunks(FakeApiServer server, int chunkBytes) {
        ApiTransport transport = new ApiTransport(Config.fromUrl(server.url(), false), 4, Duration.ofSeconds(10),
                "gitops4j/test");
        Retrying http = new Retrying(transport, RetryOptions.defaults());
        Discovery discovery = new Discovery(http);
        return new ConfigMapInventoryStore(http, discovery, new ObjectReads(http, discovery), "default", "gitops4j",
                3, Duration.ofSeconds(10), chunkBytes);
    }
}
