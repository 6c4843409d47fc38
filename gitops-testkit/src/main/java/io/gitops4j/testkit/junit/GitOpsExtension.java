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
import io.gitops4j.core.engine.ReconcilerBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link GitOpsTest}: keeps one {@link TestCluster} per test method or per class in
 * JUnit's store, injects its parts into parameters and fields, and closes it when its scope ends (after the
 * {@code @AfterEach} methods of a test, or the {@code @AfterAll} methods of a class), itself, on every supported
 * JUnit version. Registering it with {@code @ExtendWith(GitOpsExtension.class)} without the annotation uses the
 * annotation's defaults.
 *
 * <p>Needs JUnit Jupiter 5.10.0 or newer (5.x and 6.x); on an older one every test of the
 * class fails with a message saying so.
 */
public final class GitOpsExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver {
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
            ReconcilerBuilder.class, TestCluster::reconciler,
            TestCluster.class, c -> c);

    @Override
    public void beforeAll(ExtensionContext context) {
        JUnitVersion.check();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        JUnitVersion.check();
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
        JUnitVersion.check();
        return PARTS.containsKey(parameter.getParameter().getType());
    }

    /** Closes the cluster of a test method's scope, after its {@code @AfterEach} methods. */
    @Override
    public void afterEach(ExtensionContext context) {
        closeScope(context);
    }

    /** Closes the cluster of a class's scope, after its {@code @AfterAll} methods. */
    @Override
    public void afterAll(ExtensionContext context) {
        closeScope(context);
    }

    private static void closeScope(ExtensionContext context) {
        StoredCluster stored = context.getStore(NAMESPACE).remove(StoredCluster.class, StoredCluster.class);
        if (stored != null) {
            stored.cluster().close();
        }
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

    /**
     * The store entry. Deliberately not {@code AutoCloseable} nor a {@code CloseableResource}: which of those JUnit
     * closes depends on its version (5.13 started closing {@code AutoCloseable} values, 6 deprecates the other), so
     * {@link #afterEach} and {@link #afterAll} close the cluster themselves.
     */
    private record StoredCluster(TestCluster cluster) {
    }
}
