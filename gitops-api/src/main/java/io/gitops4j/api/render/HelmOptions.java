package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.target.ServerVersion;
import java.time.Duration;
import java.util.List;

/**
 * Options of the Helm renderer.
 *
 * @param releaseName the release name ({@code .Release.Name})
 * @param namespace the release namespace ({@code .Release.Namespace}), {@code ""} for the Application's
 * @param chartRepository {@code ""} when the chart is the render path in the snapshot; else an HTTP(S) chart
 *     repository URL or an {@code oci://} reference
 * @param chartName chart name in the repository ({@code ""} for a chart in the snapshot)
 * @param chartVersion chart version or range in the repository ({@code ""} for the newest / the snapshot's)
 * @param valuesFiles values files, repo-relative (confined to the snapshot), applied in order
 * @param values inline values as YAML text, applied after the files ({@code ""} for none)
 * @param set {@code --set}-style parameters {@code a.b=c}, applied last
 * @param kubeVersion the Kubernetes version templates see ({@code .Capabilities.KubeVersion}) and a chart's {@code
 *     kubeVersion} constraint is checked against, such as {@code 1.31} or {@code v1.31.4}: the destination cluster's
 *     version when the engine knows it; {@code ""} (unset) renders as the newest Kubernetes minor gitops4j supports
 *     (1.33), never an old default
 * @param apiVersions extra API versions templates would see ({@code .Capabilities.APIVersions}); must be empty: the
 *     in-process Helm (helm-java) cannot set them, so the built-in Helm renderer fails a render with a non-empty
 *     list ({@link RenderException.Reason#INVALID_INPUT} naming this option) rather than silently ignoring it
 * @param includeCrds whether the chart's {@code crds/} are rendered
 * @param timeout how long a render may take, chart downloads included
 * @param credentialsScope which chart repository credentials of the renderer this render may use: the host sets it
 *     per Application or per tenant ({@code ""} for none: only credentials the host made for every scope apply)
 */
public record HelmOptions(String releaseName, String namespace, String chartRepository, String chartName,
        String chartVersion, List<String> valuesFiles, String values, List<String> set, String kubeVersion,
        List<String> apiVersions, boolean includeCrds, Duration timeout, String credentialsScope)
        implements RenderOptions {

    /** Copies lists; checks the release name (a DNS-1123 label of at most 53 characters) and timeout. */
    public HelmOptions {
        Checks.notBlank(releaseName, "releaseName");
        if (releaseName.length() > 53 || !releaseName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new InvalidSpecException("releaseName", "'" + releaseName
                    + "' is not a valid release name (DNS-1123 label, at most 53 characters)");
        }
        Checks.notNull(namespace, "namespace");
        Checks.notNull(chartRepository, "chartRepository");
        Checks.notNull(chartName, "chartName");
        Checks.notNull(chartVersion, "chartVersion");
        valuesFiles = List.copyOf(Checks.notNull(valuesFiles, "valuesFiles"));
        Checks.notNull(values, "values");
        set = List.copyOf(Checks.notNull(set, "set"));
        Checks.notNull(kubeVersion, "kubeVersion");
        if (!kubeVersion.isEmpty()) {
            ServerVersion.parse(kubeVersion);
        }
        apiVersions = List.copyOf(Checks.notNull(apiVersions, "apiVersions"));
        Checks.notNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidSpecException("timeout", "must be positive");
        }
        Checks.notNull(credentialsScope, "credentialsScope");
    }

    /** The release name of {@link #defaults()}, as the command line's {@code render} uses. */
    public static final String DEFAULT_RELEASE = "release";

    /**
     * @return a chart from the snapshot, release {@value #DEFAULT_RELEASE}, the Application's namespace, no values,
     *     CRDs included, a 60 s timeout, no credentials scope
     */
    public static HelmOptions defaults() {
        return new HelmOptions(DEFAULT_RELEASE, "", "", "", "", List.of(), "", List.of(), "", List.of(), true,
                Duration.ofSeconds(60), "");
    }

    /** @return {@link #defaults()} with release {@code releaseName} */
    public static HelmOptions release(String releaseName) {
        return defaults().withReleaseName(releaseName);
    }

    /** @return a copy with this release name ({@code .Release.Name}) */
    public HelmOptions withReleaseName(String value) {
        return new HelmOptions(value, namespace, chartRepository, chartName, chartVersion, valuesFiles, values, set,
                kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with the release namespace ({@code ""} for the Application's) */
    public HelmOptions withNamespace(String ns) {
        return new HelmOptions(releaseName, ns, chartRepository, chartName, chartVersion, valuesFiles, values, set,
                kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with this chart repository: a URL, an {@code oci://} reference, {@code ""} for the snapshot */
    public HelmOptions withChartRepository(String value) {
        return new HelmOptions(releaseName, namespace, value, chartName, chartVersion, valuesFiles, values, set,
                kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with this chart name in the repository */
    public HelmOptions withChartName(String value) {
        return new HelmOptions(releaseName, namespace, chartRepository, value, chartVersion, valuesFiles, values,
                set, kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with this chart version or range ({@code ""} for the newest) */
    public HelmOptions withChartVersion(String value) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, value, valuesFiles, values, set,
                kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with these values files */
    public HelmOptions withValuesFiles(List<String> files) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, files, values, set,
                kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with inline values (YAML) */
    public HelmOptions withValues(String yaml) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, yaml,
                set, kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with these {@code --set} parameters */
    public HelmOptions withSet(List<String> parameters) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, values,
                parameters, kubeVersion, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy rendering as this Kubernetes version ({@code ""} for the newest supported minor) */
    public HelmOptions withKubeVersion(String version) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, values,
                set, version, apiVersions, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy with these extra API versions (must be empty for the built-in renderer) */
    public HelmOptions withApiVersions(List<String> value) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, values,
                set, kubeVersion, value, includeCrds, timeout, credentialsScope);
    }

    /** @return a copy rendering the chart's {@code crds/} or not */
    public HelmOptions withIncludeCrds(boolean value) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, values,
                set, kubeVersion, apiVersions, value, timeout, credentialsScope);
    }

    /** @return a copy with this render timeout */
    public HelmOptions withTimeout(Duration value) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, values,
                set, kubeVersion, apiVersions, includeCrds, value, credentialsScope);
    }

    /** @return a copy with this credentials scope (an Application's or tenant's name) */
    public HelmOptions withCredentialsScope(String scope) {
        return new HelmOptions(releaseName, namespace, chartRepository, chartName, chartVersion, valuesFiles, values,
                set, kubeVersion, apiVersions, includeCrds, timeout, scope);
    }

    /** @return a copy rendering a chart from a repository instead of the snapshot */
    public HelmOptions withChart(String repository, String name, String version) {
        return withChartRepository(repository).withChartName(name).withChartVersion(version);
    }
}
