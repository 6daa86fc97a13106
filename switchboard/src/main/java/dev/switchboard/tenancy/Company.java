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
        return where == null ? null : "is a number " + in(where) + ": calls abroad are off for this company (an owner or admin "
                + "can allow them in Settings, General)";
    }

    /** The countries whose English name is said with "the" that do not show it by their name's words (see {@link #in}). */
    private static final java.util.Set<String> WITH_THE = java.util.Set.of("Netherlands", "Philippines", "Bahamas",
            "Dominican Republic", "Gambia", "Central African Republic", "Maldives", "Comoros", "Seychelles", "Vatican City",
            "Czech Republic", "Congo - Brazzaville", "Congo - Kinshasa");

    /**
     * Where a number is, after "a number": "in Jamaica", "in the United Kingdom" (it read "a number in United Kingdom"),
     * "in the Cayman Islands", "of a satellite or worldwide service".
     */
    static String in(String where) {
        if (where.startsWith("a ")) {
            return "of " + where;
        }
        boolean the = where.startsWith("United ") || where.endsWith(" Islands") || WITH_THE.contains(where);
        return "in " + (the ? "the " : "") + where;
    }

    /**
     * Why the company may not dial {@code number} (a click-to-call's or a transfer's number, a routing target, a forwarding
     * number, a queue caller's number to call back), else null; the one place these rules are written:
     * <ul>
     * <li>{@code premium}: premium-rate (US 900, UK 09...), billed to the company at its owner's price;
     * <li>{@code own}: one of the company's business numbers, which would come back in as a new call to the company,
     * billed both ways (a member's direct line is the directory's to tell: see {@code Members.directLine});
     * <li>{@code international}: a number in another country while calls abroad are off ({@link #callAbroadRefusal}).
     * </ul>
     */
    public DialRefusal dialRefusal(PhoneNumber number) {
        if (number.isPremiumRate()) {
            return new DialRefusal("premium", "must not be a premium-rate number");
        }
        if (businessNumbers.contains(number)) {
            return new DialRefusal("own", "is the company's own number: a call to it would come back in as a new call to the company");
        }
        var abroad = callAbroadRefusal(number);
        return abroad == null ? null : new DialRefusal("international", abroad);
    }

    /** Why a number may not be dialled: {@code rule} as an API's error names it, {@code message} said after the number. */
    public record DialRefusal(String rule, String message) {
    }

    /** How pages show this company's numbers, dates and times to its people. */
    public DisplayFormats formats() {
        return new DisplayFormats(timezone, defaultRegion);
    }
}
