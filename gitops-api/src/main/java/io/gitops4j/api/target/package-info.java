/**
 * Where desired state goes: the {@link io.gitops4j.api.target.Target} SPI — a read view ({@link
 * io.gitops4j.api.target.ClusterView}: objects, kinds, server version, change feed), batch writes with a typed
 * {@link io.gitops4j.api.target.ObjectResult} per object and {@link io.gitops4j.api.target.Precondition}s, and an
 * {@link io.gitops4j.api.target.InventoryStore} and a {@link io.gitops4j.api.target.PinStore} with versions — and the values they exchange ({@link
 * io.gitops4j.api.target.LiveObject}, {@link io.gitops4j.api.target.Inventory}, {@link
 * io.gitops4j.api.target.KindInfo}, {@link io.gitops4j.api.target.ChangeEvent}, …).
 */
package io.gitops4j.api.target;
