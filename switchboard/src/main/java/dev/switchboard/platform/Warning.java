package dev.switchboard.platform;

/** A problem that does not stop a save (a holiday with no greeting), returned with the saved object. */
public record Warning(String field, String message) {
}
