package dev.switchboard.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A routing rule: the seed's call_routing_rules. Which fields matter depends on {@link #type()}:
 * members for DIRECT, ROUND_ROBIN and SIMULTANEOUS; {@code ivrMenuId} for IVR; {@code scheduleId}
 * (null: the business hours) with open and closed targets for BUSINESS_HOURS; conditions and a match
 * target for CONDITIONAL. {@code noAnswerTarget} is where the call goes when nobody answers.
 * {@code roundRobinNext} is the persisted round-robin pointer: the position to start from next time.
 */
public record RoutingRule(UUID id, String name, RuleType type, int priority, boolean enabled, int ringTimeoutSeconds,
        boolean voicemailEnabled, boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId,
        Conditions conditions, Target matchTarget, Target openTarget, Target closedTarget, Target noAnswerTarget,
        int roundRobinNext, Instant createdAt, Instant updatedAt) {

    /** Every target this rule can send a call to. */
    public List<Target> targets() {
        return java.util.stream.Stream.of(matchTarget, openTarget, closedTarget, noAnswerTarget)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** The same rule with its round-robin pointer at {@code next}. */
    public RoutingRule withRoundRobinNext(int next) {
        return new RoutingRule(id, name, type, priority, enabled, ringTimeoutSeconds, voicemailEnabled, recordingEnabled, memberIds,
                ivrMenuId, scheduleId, conditions, matchTarget, openTarget, closedTarget, noAnswerTarget, next, createdAt, updatedAt);
    }
}
