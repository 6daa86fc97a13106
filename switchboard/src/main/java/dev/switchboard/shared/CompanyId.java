package dev.switchboard.shared;

import java.util.Objects;
import java.util.UUID;

/** The tenant: every row of company data carries one. */
public record CompanyId(UUID value) {

    public CompanyId {
        Objects.requireNonNull(value, "company id");
    }

    public static CompanyId of(String value) {
        return new CompanyId(UUID.fromString(value));
    }

    public static CompanyId random() {
        return new CompanyId(UUID.randomUUID());
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
