package io.gitops4j.core.render.helm;

import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.jni.HelmLib;
import java.nio.file.Path;

/**
 * One {@code helm template} call through helm-java, in the child process. Stateless.
 */
final class HelmTemplate {
    private HelmTemplate() {}

    /**
     * @return the rendered stream, {@code # Source:} comments included
     * @throws IllegalStateException with Helm's message when the chart does not render
     */
    static String run(HelmLib lib, HelmTemplateRequest request) {
        TemplateCommand command = new TemplateCommand(lib, request.chart()).withName(request.release());
        if (!request.namespace().isEmpty()) {
            command = command.withNamespace(request.namespace());
        }
        if (!request.kubeVersion().isEmpty()) {
            command = command.withKubeVersion(request.kubeVersion());
        }
        for (Path values : request.valuesFiles()) {
            command = command.withValuesFile(values);
        }
        for (var parameter : request.set()) {
            command = command.set(parameter.getKey(), parameter.getValue());
        }
        if (!request.includeCrds()) {
            command = command.skipCrds();
        }
        return command.call();
    }
}
