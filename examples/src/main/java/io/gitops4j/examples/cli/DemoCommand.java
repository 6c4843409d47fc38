package io.gitops4j.examples.cli;

import io.gitops4j.examples.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code demo}: the main job on embedded defaults. */
@Command(name = "demo", description = "Reconcile a bundled sample into an in-process cluster: create, update, prune.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return Demo.succeeded(new Demo(System.out).run()) ? 0 : 1;
    }
}
