package io.gitops4j.core.target;

import java.util.List;
import java.util.Objects;

/**
 * Whose fields a server-side apply may take, when another field manager owns a field the Application declares with
 * a different value. Every target follows this one rule (the Kubernetes target and the testkit's fake target alike),
 * deciding with {@link ApplyConflicts}.
 *
 * <ul>
 *   <li>Another <b>applier</b> (a manager whose entry has operation {@code Apply}: {@code kubectl apply
 *       --server-side}, another GitOps tool) keeps its fields: the apply fails with reason {@code CONFLICT}, naming
 *       the managers and the field paths (DA-01). Nothing is forced unless the engine's {@code ApplyOptions} say
 *       so.</li>
 *   <li>An <b>imperative edit</b> (operation {@code Update} by a manager matching {@link #imperativeManagers()}:
 *       {@code kubectl edit}, {@code patch}, {@code scale}, {@code label}, a client's PUT) is drift: when
 *       {@link #reclaimImperativeEdits()} is on, the apply is repeated with {@code force} and takes the fields
 *       back. Controllers (an HPA's {@code kube-controller-manager}) do not match the default patterns, so they keep
 *       theirs (DA-12: the engine's backoff keeps it from fighting one forever).</li>
 *   <li>A manager in {@link #takeOverManagers()} (by default client-side {@code kubectl apply} and Helm, which record
 *       their fields as {@code Update}) is migrated: the first apply to an object it manages moves its field
 *       ownership to our manager, so a field later removed from Git is really removed (DA-15).</li>
 * </ul>
 * Every other manager's fields are never taken.
 *
 * @param imperativeManagers name patterns of managers whose {@code Update} edits count as imperative: an exact name,
 *     or a prefix ending in {@code *}
 * @param takeOverManagers exact names of managers whose fields are moved to ours on first apply
 * @param reclaimImperativeEdits whether an apply takes imperative edits back (self-heal)
 */
public record FieldOwnership(List<String> imperativeManagers, List<String> takeOverManagers,
        boolean reclaimImperativeEdits) {
    /** The imperative patterns by default: every kubectl command that writes with an update. */
    public static final List<String> DEFAULT_IMPERATIVE = List.of("kubectl", "kubectl-*");
    /** The managers taken over by default: client-side {@code kubectl apply} and Helm 3. */
    public static final List<String> DEFAULT_TAKE_OVER = List.of("kubectl-client-side-apply", "helm");

    /** Copies the lists. @throws IllegalArgumentException for a blank entry */
    public FieldOwnership {
        imperativeManagers = List.copyOf(Objects.requireNonNull(imperativeManagers, "imperativeManagers"));
        takeOverManagers = List.copyOf(Objects.requireNonNull(takeOverManagers, "takeOverManagers"));
        for (String m : imperativeManagers) {
            if (m.isBlank() || m.equals("*")) {
                throw new IllegalArgumentException("an imperative manager pattern must name a manager or prefix");
            }
        }
        takeOverManagers.forEach(m -> {
            if (m.isBlank()) {
                throw new IllegalArgumentException("a take-over manager must not be blank");
            }
        });
    }

    /** @return kubectl's updates are imperative and reclaimed; client-side kubectl apply and Helm are taken over */
    public static FieldOwnership defaults() {
        return new FieldOwnership(DEFAULT_IMPERATIVE, DEFAULT_TAKE_OVER, true);
    }

    /** @return a copy with other imperative manager patterns */
    public FieldOwnership withImperativeManagers(List<String> value) {
        return new FieldOwnership(value, takeOverManagers, reclaimImperativeEdits);
    }

    /** @return a copy with other managers to take over */
    public FieldOwnership withTakeOverManagers(List<String> value) {
        return new FieldOwnership(imperativeManagers, value, reclaimImperativeEdits);
    }

    /** @return a copy that does or does not take imperative edits back */
    public FieldOwnership withReclaimImperativeEdits(boolean value) {
        return new FieldOwnership(imperativeManagers, takeOverManagers, value);
    }

    /** @return true when a manager of this name, writing with operation {@code Update}, made an imperative edit */
    public boolean isImperative(String manager) {
        for (String p : imperativeManagers) {
            if (p.endsWith("*") ? manager.startsWith(p.substring(0, p.length() - 1)) : manager.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** @return true when fields of this manager are moved to ours */
    public boolean isTakenOver(String manager) {
        return takeOverManagers.contains(manager);
    }
}
