package dev.switchboard.platform;

/**
 * A problem that does not stop a save (a holiday with no greeting), returned with the saved object. Serializable: a page
 * shows it after the save's redirect, kept in the session (a flash attribute) in PostgreSQL in between.
 */
public record Warning(String field, String message) implements java.io.Serializable {
}
