package io.gitops4j.testkit.engine;

import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.core.render.Renderers;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A renderer named {@value #NAME} that renders plain YAML, but each render first waits for a permit the test
 * {@linkplain #release releases}: a render that hangs until the test lets it go. Counts the renders in progress and
 * the most there ever were at once. An interrupt ends the wait with an {@link IllegalStateException}. Thread-safe.
 */
final class BlockingRenderer implements Renderer {
    static final String NAME = "blocking";

    private final Renderer plain = Renderers.plainYaml();
    private final Semaphore permits = new Semaphore(0);
    private final AtomicInteger inRender = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
        mostAtOnce.accumulateAndGet(inRender.incrementAndGet(), Math::max);
        try {
            permits.acquire();
            return plain.render(snapshot, spec.withRenderer(RenderSpec.PLAIN, spec.options()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("render interrupted");
        } finally {
            inRender.decrementAndGet();
        }
    }

    /** Lets {@code count} renders (waiting or still to come) go on. */
    void release(int count) {
        permits.release(count);
    }

    /** @return how many renders wait or run now */
    int inRender() {
        return inRender.get();
    }

    /** @return the most renders there were at once */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    /** Polls until {@code count} renders are in progress. @throws AssertionError at the deadline */
    void awaitInRender(int count, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (inRender.get() < count) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("only " + inRender.get() + " of " + count + " renders started");
            }
            Thread.sleep(5);
        }
    }
}
