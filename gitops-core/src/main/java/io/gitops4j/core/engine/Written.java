package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.target.LiveObject;
import java.util.Optional;

/**
 * What the write side did to one planned object: its report, the object as last seen (after the write, or as the
 * plan read it), and whether the inventory must forget it (a prune found it gone, or no longer ours: PR-05).
 *
 * @param report the report
 * @param object the object as last seen, empty when it is gone or was never there
 * @param forget true when a prune found the object gone or its precondition showed it is no longer ours
 */
record Written(ObjectReport report, Optional<LiveObject> object, boolean forget) {
    static Written of(ObjectReport report, Optional<LiveObject> object) {
        return new Written(report, object, false);
    }
}
