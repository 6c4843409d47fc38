/**
 * Table printers for built-in kinds: per kind, the columns a real kube-apiserver announces for
 * {@code kubectl get} (name, type, format, priority; priority 1 only shows with {@code -o wide}) and how each row's
 * cells are computed from the object. {@link io.gitops4j.testkit.server.printers.PrinterRegistry} picks the printer
 * for a group/kind and a served minor version; one small class per family of kinds holds the definitions.
 *
 * <p>Internal to the testkit's fake API server. Written from the documented behaviour of the server-side printers;
 * every cell is computed as the server would with its wide option on (the server always sends every column and
 * kubectl hides priority-1 columns unless asked for {@code -o wide}).
 */
package io.gitops4j.testkit.server.printers;
