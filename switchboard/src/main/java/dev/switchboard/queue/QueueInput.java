package dev.switchboard.queue;

import dev.switchboard.routing.RuleInput;
import java.util.List;
import java.util.UUID;

/** A queue as sent to the API; missing optional fields take sensible defaults. */
public record QueueInput(String name, String strategy, List<UUID> memberIds, Integer ringTimeoutSeconds, Integer wrapUpSeconds,
        UUID holdMediaId, Boolean announcePosition, Integer announceIntervalSeconds, Integer maxWaitSeconds,
        RuleInput.TargetInput maxWaitTarget, Integer maxCallers, RuleInput.TargetInput fullTarget, Boolean joinWhenEmpty,
        Boolean leaveWhenEmpty, RuleInput.TargetInput emptyTarget, Integer maxMissedOffers, Boolean callbackEnabled,
        String callbackKey, String vipTag, Integer vipPriority, Integer rejoinWindowSeconds, Integer shortAbandonSeconds,
        Integer serviceLevelSeconds) {
}
