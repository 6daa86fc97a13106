package dev.switchboard.queue;

import dev.switchboard.routing.Target;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A call queue's settings.
 *
 * @param memberIds the members who take its calls, in order (the order FIXED_ORDER and ROUND_ROBIN use)
 * @param holdMediaId the company's hold music, or null for the default
 * @param announceIntervalSeconds how often a waiting caller hears their position again; 0 only on joining
 * @param maxWaitTarget where a caller goes after {@code maxWaitSeconds} (null: the general voicemail)
 * @param fullTarget where a caller goes when {@code maxCallers} are already waiting
 * @param joinWhenEmpty whether callers may join when no member is logged in (available)
 * @param leaveWhenEmpty whether waiting callers leave when the last member logs out
 * @param emptyTarget where callers go when the queue has nobody logged in (and may not wait)
 * @param maxMissedOffers a member who misses this many offers in a row is set away
 * @param callbackKey the key a waiting caller presses to be called back instead
 * @param vipTag customers with this tag get {@code vipPriority} (higher goes first)
 * @param rejoinWindowSeconds a caller who hung up and calls back within this time gets their old place
 * @param shortAbandonSeconds abandons sooner than this are not counted against the service level
 * @param serviceLevelSeconds the service level counts callers answered within this time
 */
public record CallQueue(UUID id, String name, QueueStrategy strategy, List<UUID> memberIds, int ringTimeoutSeconds,
        int wrapUpSeconds, UUID holdMediaId, boolean announcePosition, int announceIntervalSeconds, int maxWaitSeconds,
        Target maxWaitTarget, int maxCallers, Target fullTarget, boolean joinWhenEmpty, boolean leaveWhenEmpty,
        Target emptyTarget, int maxMissedOffers, boolean callbackEnabled, String callbackKey, String vipTag, int vipPriority,
        int rejoinWindowSeconds, int shortAbandonSeconds, int serviceLevelSeconds, Instant updatedAt) {
}
