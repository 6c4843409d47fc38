/**
 * Turning a snapshot into objects: the {@link io.gitops4j.api.render.Renderer} SPI, {@link
 * io.gitops4j.api.render.RenderSpec} with a typed options record per renderer, and {@link
 * io.gitops4j.api.render.RenderException}.
 */
package io.gitops4j.api.render;
