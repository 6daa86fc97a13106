package dev.switchboard.directory;

import java.util.List;

/** A customer as sent by the API, a form or a CSV row: text as typed, checked by {@link Customers}. */
public record CustomerInput(String name, String email, String externalId, List<String> phoneNumbers, List<String> tags,
        @dev.switchboard.platform.Text.MultiLine String notes) {
}
