package dev.switchboard.media;

import java.time.Instant;
import java.util.UUID;

/** A stored audio file of a company. */
public record MediaFile(UUID id, String purpose, String contentType, long sizeBytes, String sha256, Long durationMillis,
        String originalName, Instant createdAt) {
}
