package dev.switchboard.schedule;

import java.util.Optional;
import java.util.UUID;

/**
 * What the schedule needs to know about routing rules (a holiday may name the rule to use that day),
 * without depending on the routing module: routing implements it.
 */
public interface RoutingRuleLookup {

    /** The rule's enabled flag, or empty when the company has no such rule. */
    Optional<Boolean> ruleEnabled(UUID ruleId);

    /** The company's enabled rules by id, with their names in priority order: what a holiday may follow. */
    java.util.Map<UUID, String> enabledRules();

    /** The names of the rules (enabled or not) that follow the schedule: it cannot be deleted while any does. */
    java.util.List<String> rulesUsingSchedule(UUID scheduleId);

    /**
     * Holds, for the rest of the transaction, the lock under which rules are saved (the routing lock): a schedule found
     * unused stays unused until its delete commits, else a rule saved meanwhile (its check having found the schedule
     * still there) would follow a deleted schedule.
     */
    default void lockReferences() {
    }
}
