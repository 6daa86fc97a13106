package dev.switchboard.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A customer as sent by the API, a form or a CSV row: text as typed, checked by {@link Customers}. */
// The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "created_at", "updated_at"})
public record CustomerInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name, String email, String externalId,
        List<String> phoneNumbers, List<String> tags,
        @dev.switchboard.platform.Text.MultiLine String notes) {

    /**
     * The several numbers (or tags) typed into one field or written into one cell, as the customer form and the import
     * read them alike: separated by line breaks, commas, semicolons or bars ("(312) 555-0199, (312) 555-0188";
     * "VIP; residential"), each stripped, blanks left out. No number nor tag has any of these in it.
     */
    public static List<String> split(String text) {
        return text == null || text.isBlank() ? List.of()
                : java.util.Arrays.stream(text.split("[\\n\\r,;|]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
