package dev.switchboard.directory;

import dev.switchboard.shared.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer of the company, found by the number they call from; tags such as VIP steer routing. */
public record Customer(UUID id, String name, String email, String externalId, List<PhoneNumber> phoneNumbers,
        List<String> tags, String notes, Instant createdAt, Instant updatedAt) {

    public boolean hasTag(String tag) {
        return tags.stream().anyMatch(t -> t.equalsIgnoreCase(tag));
    }
}
