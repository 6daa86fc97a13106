package dev.switchboard.directory;

import java.time.Instant;
import java.util.UUID;

/** A piece of work for a customer (a repair, a cleaning), which calls can be linked to. */
public record Job(UUID id, UUID customerId, String title, Status status, UUID assignedMemberId, Instant scheduledAt,
        Instant createdAt, Instant updatedAt) {

    public enum Status {
        OPEN, SCHEDULED, IN_PROGRESS, DONE, CANCELLED;

        /** In words, as the job form and the customer's page offer it and the Activity page says it ("In progress"). */
        public String label() {
            return dev.switchboard.tenancy.DisplayFormats.codeWords(this);
        }
    }
}
