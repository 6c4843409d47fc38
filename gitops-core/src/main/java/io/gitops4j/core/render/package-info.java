/**
 * The built-in renderers: {@link io.gitops4j.core.render.PlainYamlRenderer} ({@code plain}), the Kustomize and Helm
 * renderers, the safe YAML reading they share ({@link io.gitops4j.core.render.ManifestReader}, typed like kubectl),
 * the render cache and the post-render policy check; Flux-style post-build variable substitution ({@link
 * io.gitops4j.core.render.PostBuildSubstitution}) and the choice of a renderer for {@code auto} ({@link
 * io.gitops4j.core.render.RendererDetection}). Start from {@link io.gitops4j.core.render.Renderers}.
 */
package io.gitops4j.core.render;
