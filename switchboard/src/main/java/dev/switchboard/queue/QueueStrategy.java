package dev.switchboard.queue;

/** How a queue chooses which free member is offered the next caller. */
public enum QueueStrategy {
    /** Every free member rings at once; the first to answer takes the caller. */
    RING_ALL,
    /** One member at a time, taking turns, with the turn remembered between calls. */
    ROUND_ROBIN,
    /** The member whose last call ended longest ago. */
    LONGEST_IDLE,
    /** The member who has answered the fewest calls today. */
    FEWEST_CALLS,
    /** Always the first free member in the queue's order. */
    FIXED_ORDER
}
