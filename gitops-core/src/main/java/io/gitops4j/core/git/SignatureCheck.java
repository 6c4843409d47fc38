package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/** Applies a {@link SignaturePolicy} to a resolved revision: the head commit, the annotated tag, or either. */
final class SignatureCheck {
    private SignatureCheck() {}

    /**
     * @param tag the annotated tag object the ref points at, or null
     * @throws SourceException {@link Reason#SIGNATURE} with the reason when the policy is not met
     */
    static void verify(Repository repo, GitUrl url, String refName, ObjectId commit, ObjectId tag,
            SignaturePolicy policy) {
        if (!policy.isRequired()) {
            return;
        }
        String commitProblem = null;
        String tagProblem = null;
        try (ObjectReader r = repo.newObjectReader()) {
            if (policy.required() != SignaturePolicy.Required.TAG) {
                byte[] raw = r.open(commit, Constants.OBJ_COMMIT).getCachedBytes();
                commitProblem = check(SignedPayload.ofCommit(raw), policy).orElse(null);
                if (commitProblem == null) {
                    return;
                }
            }
            if (policy.required() != SignaturePolicy.Required.HEAD_COMMIT) {
                if (tag == null) {
                    tagProblem = "the ref is not an annotated tag";
                } else {
                    byte[] raw = r.open(tag, Constants.OBJ_TAG).getCachedBytes();
                    tagProblem = check(SignedPayload.ofTag(raw), policy).orElse(null);
                    if (tagProblem == null) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot read " + refName + " to verify its signature");
        }
        String why = commitProblem != null && tagProblem != null ? "commit: " + commitProblem + "; tag: " + tagProblem
                : commitProblem != null ? commitProblem : tagProblem;
        throw new SourceException(Reason.SIGNATURE, url + ": " + refName + " at " + commit.name().substring(0, 12)
                + " refused: " + why);
    }

    private static Optional<String> check(Optional<SignedPayload> signed, SignaturePolicy policy) {
        if (signed.isEmpty()) {
            return Optional.of("not signed");
        }
        SignedPayload s = signed.get();
        if (s.isSsh()) {
            return policy.sshKeys().isEmpty() ? Optional.of("signed with SSH, but no SSH key is trusted")
                    : SshSignatureVerifier.verify(s.payload(), s.signature(), policy.sshKeys());
        }
        return policy.openPgpKeys().isEmpty() ? Optional.of("signed with OpenPGP, but no OpenPGP key is trusted")
                : OpenPgpVerifier.verify(s.payload(), s.signature(), policy.openPgpKeys());
    }
}
