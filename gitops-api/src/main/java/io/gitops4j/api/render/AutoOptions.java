package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import java.util.Optional;

/**
 * Options of {@link RenderSpec#AUTO}: one options record per renderer the detection may choose. The choice is made
 * on every pass from the files at the render path, as Argo CD and Flux users expect ({@code docs/rendering.md}):
 * <ol>
 *   <li>a {@code Chart.yaml} → {@code helm} with {@link #helm()};</li>
 *   <li>a {@code kustomization.yaml}, {@code kustomization.yml} or {@code Kustomization} → {@code kustomize} with
 *       {@link #kustomize()};</li>
 *   <li>a directory below the path (at any depth) holding a kustomization → {@code kustomize} with {@link
 *       #kustomize()}, which builds the path as Flux does: from a generated kustomization listing its YAML files and
 *       its kustomization directories;</li>
 *   <li>otherwise {@code plain} with {@link #plain()}.</li>
 * </ol>
 * Directories and files whose name starts with {@code .} are not looked at.
 *
 * @param plain options when plain YAML is chosen
 * @param kustomize options when Kustomize is chosen
 * @param helm options when Helm is chosen; empty for a chart from the snapshot, released under the Application's
 *     name
 */
public record AutoOptions(PlainYamlOptions plain, KustomizeOptions kustomize, Optional<HelmOptions> helm)
        implements RenderOptions {

    /** Checks for nulls. */
    public AutoOptions {
        Checks.notNull(plain, "plain");
        Checks.notNull(kustomize, "kustomize");
        Checks.notNull(helm, "helm");
    }

    /** @return each renderer's defaults; a chart is released under the Application's name */
    public static AutoOptions defaults() {
        return new AutoOptions(PlainYamlOptions.defaults(), KustomizeOptions.defaults(), Optional.empty());
    }

    /** @return a copy with these plain YAML options */
    public AutoOptions withPlain(PlainYamlOptions options) {
        return new AutoOptions(options, kustomize, helm);
    }

    /** @return a copy with these Kustomize options */
    public AutoOptions withKustomize(KustomizeOptions options) {
        return new AutoOptions(plain, options, helm);
    }

    /** @return a copy with these Helm options */
    public AutoOptions withHelm(HelmOptions options) {
        return new AutoOptions(plain, kustomize, Optional.of(Checks.notNull(options, "helm")));
    }

    /** @return the three renderers' fingerprints */
    @Override
    public String fingerprint() {
        return "AutoOptions[" + plain.fingerprint() + "|" + kustomize.fingerprint() + "|"
                + helm.map(HelmOptions::fingerprint).orElse("release=<application>") + "]";
    }
}
