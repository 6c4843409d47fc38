package io.gitops4j.api.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetValuesTest {
    private static final LiveObject CM = LiveObject.of(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap",
            "metadata", Map.of("name", "a", "namespace", "shop", "uid", "u1", "resourceVersion", "7"))));

    @Test
    void anObjectIsTheSameInEveryVersion() {
        ResourceKey v1 = ResourceKey.of("autoscaling/v1", "HorizontalPodAutoscaler", "shop", "web");
        ResourceKey v2 = ResourceKey.of("autoscaling/v2", "HorizontalPodAutoscaler", "shop", "web");
        assertThat(v1).isNotEqualTo(v2);
        assertThat(v1.id()).isEqualTo(v2.id());
        assertThat(v1.id().toString()).isEqualTo("autoscaling/HorizontalPodAutoscaler/shop/web");
        assertThat(ObjectId.parse("/Namespace//shop")).isEqualTo(new ObjectId("", "Namespace", "", "shop"));
        assertThat(ObjectId.parse(v1.id().toString())).isEqualTo(v1.id());
        assertThat(v1.id().inVersion("v2")).isEqualTo(v2);
        assertThatThrownBy(() -> ObjectId.parse("a/b/c")).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void serverVersionsReadAsKubernetesWritesThem() {
        assertThat(ServerVersion.parse("v1.33.2-gke.100").majorMinor()).isEqualTo("1.33");
        assertThat(ServerVersion.parse("1.31").gitVersion()).isEqualTo("v1.31");
        assertThatThrownBy(() -> ServerVersion.parse("latest")).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void aResyncCarriesNoObjectAndEveryOtherEventDoes() {
        assertThat(ChangeEvent.resynced(new GroupKind("", "ConfigMap")).object()).isEmpty();
        assertThat(ChangeEvent.of(ChangeEvent.Type.MODIFIED, CM, true).kind()).isEqualTo(new GroupKind("", "ConfigMap"));
        assertThatThrownBy(() -> new ChangeEvent(ChangeEvent.Type.ADDED, new GroupKind("", "ConfigMap"),
                Optional.empty(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetryBudgetIsSpentOnce() {
        RetryBudget budget = RetryBudget.of(2);
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
        assertThat(budget.used()).isEqualTo(2);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void aResultFailsExactlyWhenItCarriesAFailure() {
        WriteFailure why = new WriteFailure(TargetException.Reason.CONFLICT, "ConfigMap shop/a: conflict", List.of());
        assertThat(ObjectResult.failed(CM.key(), why).isFailed()).isTrue();
        assertThat(ObjectResult.written(ObjectOutcome.CREATED, CM).object()).contains(CM);
        assertThatThrownBy(() -> new ObjectResult(CM.key(), ObjectOutcome.CREATED, Optional.of(CM), Optional.of(why),
                "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Precondition.of(CM)).isEqualTo(new Precondition("u1", "7"));
        assertThat(Precondition.none().isNone()).isTrue();
    }

    @Test
    void pr10En21AnUnreadableInventoryOrPinIsInvalidAndCarriesItsApplicationAndVersion() {
        StoredStateUnreadableException inventory = new InventoryUnreadableException("shop", "41", "chunk 2 is missing");
        StoredStateUnreadableException pin = new PinUnreadableException("shop", "42", "its commit is not a commit");

        assertThat(inventory.getMessage()).isEqualTo("inventory of shop: unreadable: chunk 2 is missing");
        assertThat(pin.getMessage()).isEqualTo("pin of shop: unreadable: its commit is not a commit");
        for (StoredStateUnreadableException e : List.of(inventory, pin)) {
            assertThat(e.reason()).isEqualTo(TargetException.Reason.INVALID);
            assertThat(e.application()).isEqualTo("shop");
            assertThat(e.key()).isEmpty();
            assertThat(e.details()).isEmpty();
            assertThat(e.isRetryable()).isFalse();
        }
        assertThat(List.of(inventory.version(), pin.version())).containsExactly("41", "42");
        assertThat(inventory).isNotInstanceOf(PinUnreadableException.class);
        assertThat(pin).isNotInstanceOf(InventoryUnreadableException.class);
    }
}
