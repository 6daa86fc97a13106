package dev.switchboard.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A job as sent by the API or a form; checked by {@link Jobs}. */
// The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "created_at", "updated_at"})
public record JobInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID customerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(implementation = Job.Status.class, description = "Left out: OPEN") String status, UUID assignedMemberId,
        Instant scheduledAt) {
}
