package io.gitops4j.core.render;

/**
 * An entry of a kustomization or plugin config that gitops4j refuses; the message names the field and the entry.
 * {@link KustomizationScanner} turns it into a {@link io.gitops4j.api.render.RenderException} with reason {@code
 * POLICY} that also names the kustomization file.
 */
final class KustomizeRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KustomizeRefusal(String message) {
        super(message, null, false, false);
    }
}
