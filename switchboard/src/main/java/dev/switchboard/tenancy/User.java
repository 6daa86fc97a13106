package dev.switchboard.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A person who signs in. The password hash never leaves the module. */
public record User(UUID id, String email, String displayName, Role role, UUID memberId, boolean enabled,
        Instant createdAt) {
}
