package io.gitops4j.testkit.junit;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link GitOpsTest}: keeps one {@link TestCluster} per test method or per class in
 * JUnit's store (which closes it when the scope ends) and injects its parts into parameters and fields.
 * Registering it with {@code @ExtendWith(GitOpsExtension.class)} without the annotation uses the annotation's
 * defaults.
 */
public final class GitOpsExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GitOpsExtension.class);

    private static final Map<Class<?>, Function<TestCluster, Object>> PARTS = Map.of(
            FakeKube.class, TestCluster::kube,
            FakeApiServer.class, TestCluster::server,
            ApiClient.class, TestCluster::apiClient,
            GitFixtures.class, TestCluster::git,
            StatusSimulators.class, TestCluster::simulators,
            Faults.class, TestCluster::faults,
            RequestLog.class, TestCluster::requests,
            io.gitops4j.api.target.Target.class, TestCluster::target,
            TestCluster.class, c -> c);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Object instance = context.getRequiredTestInstance();
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Function<TestCluster, Object> part = PARTS.get(field.getType());
                int mods = field.getModifiers();
                if (part == null || Modifier.isStatic(mods) || Modifier.isFinal(mods)) {
                    continue;
                }
                field.setAccessible(true);
                if (field.get(instance) == null) {
                    field.set(instance, part.apply(cluster(context)));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return PARTS.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return PARTS.get(parameter.getParameter().getType()).apply(cluster(context));
    }

    /** The cluster of the scope {@code context} belongs to, created on first use. */
    static TestCluster cluster(ExtensionContext context) {
        GitOpsTest settings = settings(context);
        ExtensionContext scope = settings.lifecycle() == Lifecycle.PER_CLASS ? classScope(context)
                : methodScope(context);
        return scope.getStore(NAMESPACE).getOrComputeIfAbsent(StoredCluster.class,
                k -> new StoredCluster(TestCluster.start(settings)), StoredCluster.class).cluster();
    }

    private static ExtensionContext methodScope(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@GitOpsTest(lifecycle = PER_METHOD) gives each test method its "
                    + "own cluster, so there is none for " + context.getDisplayName()
                    + " (a @BeforeAll method or constructor); use lifecycle = Lifecycle.PER_CLASS");
        }
        return context;
    }

    private static ExtensionContext classScope(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static GitOpsTest settings(ExtensionContext context) {
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent();
             c = Optional.ofNullable(c.get().getEnclosingClass())) {
            Optional<GitOpsTest> found = AnnotationSupport.findAnnotation(c.get(), GitOpsTest.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return Defaults.class.getAnnotation(GitOpsTest.class);
    }

    /** Carries the annotation's defaults for {@code @ExtendWith(GitOpsExtension.class)} without it. */
    @GitOpsTest
    private static final class Defaults {
    }

    /** The store entry: JUnit (5.13+) closes AutoCloseable store values when their context ends. */
    private record StoredCluster(TestCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
