package dev.switchboard.queue;

import dev.switchboard.routing.RuleInput;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** A queue as sent to the API; missing optional fields take sensible defaults. */
public record QueueInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name, String strategy, List<UUID> memberIds,
        Integer ringTimeoutSeconds, Integer wrapUpSeconds,
        UUID holdMediaId, Boolean announcePosition, Integer announceIntervalSeconds, Integer maxWaitSeconds,
        RuleInput.TargetInput maxWaitTarget, Integer maxCallers, RuleInput.TargetInput fullTarget, Boolean joinWhenEmpty,
        Boolean leaveWhenEmpty, RuleInput.TargetInput emptyTarget, Integer maxMissedOffers, Boolean callbackEnabled,
        String callbackKey, String vipTag, Integer vipPriority, Integer rejoinWindowSeconds, Integer shortAbandonSeconds,
        Integer serviceLevelSeconds) {

    /**
     * The API's fields that have no empty value: a null for one here would silently take its default, so a patch that
     * empties one is refused instead. {@code member_ids} is emptied with {@code []}, {@code vip_tag} with {@code ""} (a null
     * there is the default tag, vip).
     */
    public static final java.util.Set<String> NOT_NULLABLE = java.util.Set.of("name", "strategy", "member_ids", "ring_timeout_seconds",
            "wrap_up_seconds", "announce_position", "announce_interval_seconds", "max_wait_seconds", "max_callers", "join_when_empty",
            "leave_when_empty", "max_missed_offers", "callback_enabled", "callback_key", "vip_tag", "vip_priority", "rejoin_window_seconds",
            "short_abandon_seconds", "service_level_seconds");

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
