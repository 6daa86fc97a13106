package dev.switchboard.shared;

import java.util.Objects;

/** An internal extension: 2 to 6 digits, unique within a company. */
public record Extension(String digits) {

    public Extension {
        Objects.requireNonNull(digits, "extension");
        if (!digits.matches("[0-9]{2,6}")) {
            throw new IllegalArgumentException("extension must be 2 to 6 digits, was '" + digits + "'");
        }
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return digits;
    }
}
