package dev.switchboard.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A customer as sent by the API, a form or a CSV row: text as typed, checked by {@link Customers}. */
public record CustomerInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name, String email, String externalId,
        List<String> phoneNumbers, List<String> tags,
        @dev.switchboard.platform.Text.MultiLine String notes) {
}
