package dev.switchboard.shared;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.Objects;

/**
 * A phone number in E.164 form ({@code +13125550100}), parsed and checked with libphonenumber.
 * Construct with {@link #parse(String, String)}; the canonical constructor only accepts E.164.
 */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    public PhoneNumber {
        Objects.requireNonNull(e164, "phone number");
        if (!e164.matches("\\+[1-9][0-9]{6,14}")) {
            throw new InvalidPhoneNumber(e164, "is not in E.164 form (+ and 7 to 15 digits)");
        }
    }

    /**
     * Parses what a person typed ({@code (312) 555-0100}, {@code +44 20 7946 0000}) into E.164.
     *
     * @param text the number as typed
     * @param defaultRegion ISO 3166 country used when the number has no leading {@code +}
     * @throws InvalidPhoneNumber when the text is not a valid number
     */
    public static PhoneNumber parse(String text, String defaultRegion) {
        if (text == null || text.isBlank()) {
            // Not "'null' is empty" nor "'' is empty", as a form's empty field was answered.
            throw new InvalidPhoneNumber("is required: " + howToWrite(defaultRegion));
        }
        // libphonenumber drops what is not a digit, NUL and line breaks too ("+13125550100\u0000" parsed as the number):
        // a number holding one was a C string's end or a pasted second line, refused as every other text holding one is.
        int control = ControlCharacters.first(text, false); // a number is one line
        if (control >= 0) {
            throw new InvalidPhoneNumber(ControlCharacters.message(control));
        }
        try {
            var parsed = UTIL.parse(text.strip(), defaultRegion);
            if (!UTIL.isValidNumber(parsed)) {
                throw new InvalidPhoneNumber(text, "is not a valid phone number: " + howToWrite(defaultRegion));
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            // libphonenumber's own words ("The string supplied did not seem to be a phone number.") tell a person
            // neither what was wrong nor what to type instead: say what a number looks like where they are.
            throw new InvalidPhoneNumber(text, "is not a phone number: " + howToWrite(defaultRegion));
        }
    }

    /**
     * The extension typed after a number ({@code (773) 555-0199 x12}, {@code ext. 12}, {@code ;ext=12}), as
     * libphonenumber reads it, which {@link #parse} leaves out of the E.164 number; null when there is none (or the text
     * is no number: {@link #parse} says why).
     */
    public static String extensionOf(String text, String defaultRegion) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            var parsed = UTIL.parse(text.strip(), defaultRegion);
            return parsed.hasExtension() && !parsed.getExtension().isEmpty() ? parsed.getExtension() : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * What a valid number looks like, in E.164 and as dialled in {@code region} (libphonenumber's example number,
     * e.g. "write it as +12015550123 or (201) 555-0123" in the US); with no known region, international form only.
     */
    static String howToWrite(String region) {
        // Asked for a region it does not know ("ZZ"), libphonenumber logs a warning: ask only about known ones.
        var example = region != null && UTIL.getSupportedRegions().contains(region) ? UTIL.getExampleNumber(region) : null;
        if (example == null) {
            return "write it with + and the country code, such as +13125550123";
        }
        return "write it as " + UTIL.format(example, PhoneNumberFormat.E164) + " or " + UTIL.format(example, PhoneNumberFormat.NATIONAL);
    }

    /**
     * A number of {@code region} as its people dial it and as written with its country code, for a field's hint
     * ("(312) 555-0123" and "+1 312 555 0123" in the US, "07400 123456" and "+44 7400 123456" in the UK): libphonenumber's
     * example (a fixed line's; a mobile's where there is none); the US's a Chicago one. Null for a region it does not know.
     */
    public static String[] example(String region) {
        if ("US".equals(region)) {
            return new String[] {"(312) 555-0123", "+1 312 555 0123"};
        }
        if (region == null || !UTIL.getSupportedRegions().contains(region)) {
            return null;
        }
        var example = UTIL.getExampleNumber(region);
        if (example == null) {
            example = UTIL.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.MOBILE);
        }
        return example == null ? null
                : new String[] {UTIL.format(example, PhoneNumberFormat.NATIONAL), UTIL.format(example, PhoneNumberFormat.INTERNATIONAL)};
    }

    /**
     * A mobile number of {@code region} as a placeholder for a phone that rings a person (international form, "+44 7400
     * 123456"), or null when libphonenumber has none; the US's is a Chicago number of the 555-01xx fiction range.
     */
    public static String mobileExample(String region) {
        if ("US".equals(region)) {
            return "+1 312 555 0142";
        }
        if (region == null || !UTIL.getSupportedRegions().contains(region)) {
            return null;
        }
        var example = UTIL.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.MOBILE);
        return example == null ? null : UTIL.format(example, PhoneNumberFormat.INTERNATIONAL);
    }

    /** Parses an international number; it must start with {@code +}. */
    public static PhoneNumber parse(String text) {
        return parse(text, "ZZ");
    }

    /**
     * Whether the number is premium rate (US 900, UK 09...): calling it costs the caller, here the company, by the
     * minute at the number owner's price, so it is never a place to send calls.
     */
    public boolean isPremiumRate() {
        try {
            return UTIL.getNumberType(UTIL.parse(e164, "ZZ")) == PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE;
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** Countries whose calls to each other are domestic calls (the US and Canada, and the US territories), as carriers bill them. */
    private static final java.util.Set<String> NORTH_AMERICA = java.util.Set.of("US", "CA", "PR", "VI", "GU", "AS", "MP");

    /**
     * Where the number is, in words, when it is not a number of {@code region}'s country (a call to it is an international
     * call, billed so), else null: "Jamaica" for +18765550123 from the US (a +1 number, but not a US or Canadian one: the
     * classic toll-fraud destination), "a satellite or worldwide service" for +881... A call between the US and Canada is
     * domestic.
     */
    public String abroadFrom(String region) {
        String where;
        try {
            where = UTIL.getRegionCodeForNumber(UTIL.parse(e164, "ZZ"));
        } catch (NumberParseException e) {
            where = null;
        }
        if (where != null && region != null && (where.equalsIgnoreCase(region)
                || NORTH_AMERICA.contains(where) && NORTH_AMERICA.contains(region.toUpperCase(java.util.Locale.ROOT)))) {
            return null;
        }
        if (where == null || where.equals("001") || where.equals("ZZ")) {
            return "a satellite or worldwide service";
        }
        return java.util.Locale.of("", where).getDisplayCountry(java.util.Locale.ENGLISH);
    }

    /** A human form for pages and spoken prompts, e.g. {@code +1 312-555-0100}. */
    public String international() {
        try {
            return UTIL.format(UTIL.parse(e164, "ZZ"), PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    /**
     * How a page shows the number to people in {@code region} (the company's country): as they dial it at home when it is
     * one of theirs ({@code (720) 555-0199} in the US), in international form otherwise ({@code +44 20 7946 0000}).
     * libphonenumber's national form is the one a person in that country writes and reads; E.164 stays for exports,
     * the API and form values.
     */
    public String display(String region) {
        try {
            var parsed = UTIL.parse(e164, "ZZ");
            var own = region != null && region.equalsIgnoreCase(UTIL.getRegionCodeForNumber(parsed));
            return UTIL.format(parsed, own ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return e164;
    }

    /** Thrown when text cannot be read as a phone number; the message says why. */
    public static final class InvalidPhoneNumber extends IllegalArgumentException {
        public InvalidPhoneNumber(String text, String why) {
            super("'" + text + "' " + why);
        }

        /** Refused for what it holds, without repeating it (a control character is better not echoed back). */
        private InvalidPhoneNumber(String message) {
            super(message);
        }
    }
}
