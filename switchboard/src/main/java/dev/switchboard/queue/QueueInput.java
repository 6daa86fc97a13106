package dev.switchboard.queue;

import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.platform.JsonMergePatch.NotNullable;
import dev.switchboard.routing.RuleInput;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** A queue as sent to the API; missing optional fields take sensible defaults. */
// The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "updated_at"})
public record QueueInput(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNullable String name,
        @Schema(implementation = QueueStrategy.class) @NotNullable String strategy,
        @NotNullable List<UUID> memberIds,
        @NotNullable Integer ringTimeoutSeconds,
        @NotNullable Integer wrapUpSeconds,
        UUID holdMediaId,
        @NotNullable Boolean announcePosition,
        @NotNullable Integer announceIntervalSeconds,
        @NotNullable Integer maxWaitSeconds,
        RuleInput.TargetInput maxWaitTarget,
        @NotNullable Integer maxCallers,
        RuleInput.TargetInput fullTarget,
        @NotNullable Boolean joinWhenEmpty,
        @NotNullable Boolean leaveWhenEmpty,
        RuleInput.TargetInput emptyTarget,
        @NotNullable Integer maxMissedOffers,
        @NotNullable Boolean callbackEnabled,
        @NotNullable String callbackKey,
        @NotNullable String vipTag,
        @NotNullable Integer vipPriority,
        @NotNullable Integer rejoinWindowSeconds,
        @NotNullable Integer shortAbandonSeconds,
        @NotNullable Integer serviceLevelSeconds) {

    /**
     * The API's fields that have no empty value: a null for one here would silently take its default, so a patch that
     * empties one is refused instead. {@code member_ids} is emptied with {@code []}, {@code vip_tag} with {@code ""} (a null
     * there is the default tag, vip).
     */
    public static final java.util.Set<String> NOT_NULLABLE = JsonMergePatch.notNullable(QueueInput.class);

    /** The queue as it is, as the input that would store it again (no VIP tag as "", since null is the default tag). */
    public static QueueInput of(CallQueue q) {
        return new QueueInput(q.name(), q.strategy().name(), q.memberIds(), q.ringTimeoutSeconds(), q.wrapUpSeconds(), q.holdMediaId(),
                q.announcePosition(), q.announceIntervalSeconds(), q.maxWaitSeconds(), RuleInput.TargetInput.of(q.maxWaitTarget()),
                q.maxCallers(), RuleInput.TargetInput.of(q.fullTarget()), q.joinWhenEmpty(), q.leaveWhenEmpty(),
                RuleInput.TargetInput.of(q.emptyTarget()), q.maxMissedOffers(), q.callbackEnabled(), q.callbackKey(),
                q.vipTag() == null ? "" : q.vipTag(), q.vipPriority(), q.rejoinWindowSeconds(), q.shortAbandonSeconds(),
                q.serviceLevelSeconds());
    }
}
