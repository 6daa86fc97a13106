package dev.switchboard.routing;

import java.util.UUID;

/** Implemented by the queue module, so routing can check a QUEUE target without depending on it. */
public interface QueueReferences {

    boolean queueExists(UUID queueId);

    /** A queue to offer in a target picker. */
    record Choice(UUID id, String name) {
    }

    /** The company's queues, by name. */
    java.util.List<Choice> queueChoices();

    /** A queue and where it sends a caller who waited its longest time ({@code target} null: the general voicemail). */
    record MaxWait(UUID queueId, String name, Target target) {
    }

    /** Every queue's maximum-wait target: the way out of a queue taken with nobody doing anything, for the loop checks. */
    java.util.List<MaxWait> maxWaitTargets();

    /** The queues with nobody in them: a caller sent to one is offered to no one (the rules sending calls there are warned). */
    java.util.List<Choice> queuesWithNobody();
}
