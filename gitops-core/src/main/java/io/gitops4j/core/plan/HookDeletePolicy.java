package io.gitops4j.core.plan;

import java.util.Optional;

/**
 * When the engine deletes a hook's object: before it creates the hook's next one, after the hook succeeded, after it
 * failed. A hook without a policy has {@link #BEFORE_HOOK_CREATION}, as Helm's and Argo CD's hooks do by default.
 */
public enum HookDeletePolicy {
    /** The hook's earlier objects are deleted (and awaited) before its new one is created. */
    BEFORE_HOOK_CREATION("BeforeHookCreation", "before-hook-creation"),
    /** The hook's object is deleted once the hook succeeded. */
    HOOK_SUCCEEDED("HookSucceeded", "hook-succeeded"),
    /** The hook's object is deleted once the hook failed (a hook still running at its timeout is left alone). */
    HOOK_FAILED("HookFailed", "hook-failed");

    private final String value;
    private final String helmValue;

    HookDeletePolicy(String value, String helmValue) {
        this.value = value;
        this.helmValue = helmValue;
    }

    /** @return the policy's name in gitops4j's (and Argo CD's) annotation, such as {@code HookSucceeded} */
    public String value() {
        return value;
    }

    /** @return the policy named {@code text} in gitops4j's or Argo CD's annotation; empty when none is */
    static Optional<HookDeletePolicy> of(String text) {
        for (HookDeletePolicy p : values()) {
            if (p.value.equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** @return the policy named {@code text} in Helm's annotation ({@code hook-succeeded}); empty when none is */
    static Optional<HookDeletePolicy> ofHelm(String text) {
        for (HookDeletePolicy p : values()) {
            if (p.helmValue.equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
