package dev.switchboard.tenancy;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.shared.PhoneNumber;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A customer business using Switchboard: its name, IANA timezone (every schedule is evaluated in it),
 * the country used to read numbers typed without {@code +}, and its business numbers.
 */
public record Company(CompanyId id, String name, ZoneId timezone, String defaultRegion,
        List<PhoneNumber> businessNumbers, boolean setupCompleted, Instant createdAt, Instant updatedAt, boolean internationalCalls) {

    /**
     * Why {@code number} may not be called for this company, a number in another country while calls abroad are off (see
     * {@link PhoneNumber#abroadFrom}), else null: said after the number ("is a number in Jamaica: ...").
     */
    public String callAbroadRefusal(PhoneNumber number) {
        var where = internationalCalls ? null : number.abroadFrom(defaultRegion);
        return where == null ? null : "is a number in " + where + ": calls abroad are off for this company (an owner or admin "
                + "can allow them in Settings, General)";
    }

    /** How pages show this company's numbers, dates and times to its people. */
    public DisplayFormats formats() {
        return new DisplayFormats(timezone, defaultRegion);
    }
}
