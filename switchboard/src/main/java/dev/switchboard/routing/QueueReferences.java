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
}
