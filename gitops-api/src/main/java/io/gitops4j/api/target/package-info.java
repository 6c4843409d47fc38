/**
 * Where desired state goes: the {@link io.gitops4j.api.target.Target} SPI (read, apply, delete, watch, health,
 * inventory), {@link io.gitops4j.api.target.LiveObject}, {@link io.gitops4j.api.target.ApplyOptions}, {@link
 * io.gitops4j.api.target.DeleteOptions} and {@link io.gitops4j.api.target.Inventory}.
 */
package io.gitops4j.api.target;
