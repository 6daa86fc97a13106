/**
 * Call queues (ACD): callers wait in line with music and announcements while the queue chooses who
 * answers (ring all, round robin, longest idle, fewest calls, fixed order), with wrap-up, VIP priority,
 * callbacks, overflow, and an event log from which the statistics are computed.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "platform", "tenancy", "directory", "routing", "media", "schedule"})
package dev.switchboard.queue;
