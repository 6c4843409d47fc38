package io.gitops4j.core.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;

/**
 * The only class touching helm-java (an optional dependency): {@code helm template} in-process. Loaded only after
 * {@link HelmRenderer} has checked that helm-java is on the classpath.
 */
final class HelmTemplate {
    private HelmTemplate() {}

    /** The arguments of one {@code helm template} call. */
    record Call(Path chart, String release, String namespace, String kubeVersion, List<Path> valuesFiles,
            List<String[]> set, boolean includeCrds) {}

    /** @return the rendered stream, {@code # Source:} comments included */
    static String run(Call call) {
        TemplateCommand command = new Helm(call.chart()).template().withName(call.release());
        if (!call.namespace().isEmpty()) {
            command = command.withNamespace(call.namespace());
        }
        if (!call.kubeVersion().isEmpty()) {
            command = command.withKubeVersion(call.kubeVersion());
        }
        for (Path values : call.valuesFiles()) {
            command = command.withValuesFile(values);
        }
        for (String[] kv : call.set()) {
            command = command.set(kv[0], kv[1]);
        }
        if (!call.includeCrds()) {
            command = command.skipCrds();
        }
        return command.call();
    }

    /** @return the Helm version helm-java embeds */
    static String helmVersion() {
        try {
            return Helm.version().call();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
