package dev.switchboard.directory;

import java.time.Instant;
import java.util.UUID;

/** A piece of work for a customer (a repair, a cleaning), which calls can be linked to. */
public record Job(UUID id, UUID customerId, String title, Status status, UUID assignedMemberId, Instant scheduledAt,
        Instant createdAt, Instant updatedAt) {

    public enum Status {
        OPEN, SCHEDULED, IN_PROGRESS, DONE, CANCELLED
    }
}
