package dev.switchboard.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A stored holiday: when it happens ({@link HolidayRule}), the greeting callers hear that day, and the
 * routing rule to follow (null: voicemail).
 *
 * @param source {@code manual}, or {@code import:US} / {@code import:US-IL} for imported public holidays
 */
public record Holiday(UUID id, HolidayRule rule, String greetingText, String greetingVoice, String greetingLanguage,
        UUID greetingMediaId, UUID routingRuleId, String source, Instant createdAt, Instant updatedAt) {

    public String name() {
        return rule.name();
    }

    public LocalDate date() {
        return rule.date();
    }
}
