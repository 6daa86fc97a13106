package dev.switchboard.directory;

import java.time.Instant;
import java.util.UUID;

/** A job as sent by the API or a form; checked by {@link Jobs}. */
public record JobInput(UUID customerId, String title, String status, UUID assignedMemberId, Instant scheduledAt) {
}
