package dev.switchboard.tenancy;

import dev.switchboard.shared.PhoneNumber;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How every web page shows phone numbers, dates and times to a company's people, so the same number or instant reads
 * the same on the call log, the voicemail inbox, the customers and the settings: numbers of the company's own country
 * as dialled there ({@code (720) 555-0199}), others internationally ({@code +44 20 7946 0000}); instants in the
 * company's timezone as {@code Fri 4 Dec 2026, 7:00 PM}, days as {@code Fri 4 Dec 2026}. Pages get it as {@code fmt}
 * ({@code ${fmt.phone(call.fromNumber)}}). Form fields, exports and the API keep E.164 and ISO 8601: only what people
 * read goes through here.
 *
 * @param zone   the company's timezone, in which instants are shown
 * @param region the company's country (ISO 3166), whose numbers are shown in national form
 */
public record DisplayFormats(ZoneId zone, String region) {

    /** Date and time: the day as {@link #DATE} and the time on a 12-hour clock, as US businesses read it. */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, h:mm a", Locale.US);
    /** A day: weekday, day, month, year (never 12/04 or 04/12, which read differently on either side of the Atlantic). */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.US);
    /** A time within a call (its steps, its journey), seconds apart: the day is the call's. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US);
    /** A time of day with no day of its own: opening hours ("8:00 AM"), a rule's time window. */
    public static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
    /** The zone's abbreviation for an instant (CST or CDT): which side of a clock change it is on. */
    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.US);

    /** What is shown for a value that is not there. */
    public static final String NONE = "—";

    /** A number as a page writes it: E.164 in text, such as a trace line's "ringing +13125550100". */
    // Not the example of how to write a number ("write it as +12015550123 or (201) 555-0123"): made national, it said the
    // national form twice.
    private static final Pattern E164_IN_TEXT = Pattern.compile("(?<![\\w+])(?<!write it as )\\+[1-9][0-9]{6,14}(?![0-9])");

    /**
     * An ISO 8601 date ("2026-12-24"), with its time when it is a date and time, and its offset when it is an instant
     * ("2026-12-05T02:00:00Z"); a date and time without one ("2026-12-05T17:00", as {@link LocalDateTime} writes itself)
     * is one already on the company's clock (a member's do-not-disturb in the routing trace).
     */
    private static final Pattern ISO_IN_TEXT = Pattern.compile(
            "(?<![\\w-])([0-9]{4}-[0-9]{2}-[0-9]{2})(T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?)?(Z|[+-][0-9]{2}:[0-9]{2})?(?![\\w:-])");

    public DisplayFormats {
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * A phone number: a {@link PhoneNumber} or its E.164 text. Anything else (a caller id such as "anonymous", a SIP
     * address) is shown as it is; nothing is {@link #NONE}.
     */
    public String phone(Object number) {
        return switch (number) {
            case null -> NONE;
            case PhoneNumber p -> p.display(region);
            case CharSequence s when s.toString().isBlank() -> NONE;
            case CharSequence s -> {
                try {
                    yield new PhoneNumber(s.toString().strip()).display(region);
                } catch (IllegalArgumentException notE164) {
                    yield s.toString();
                }
            }
            default -> number.toString();
        };
    }

    /** Several numbers, each as {@link #phone}, separated by commas; none is {@link #NONE}. */
    public String phones(Collection<?> numbers) {
        if (numbers == null || numbers.isEmpty()) {
            return NONE;
        }
        return numbers.stream().map(this::phone).collect(Collectors.joining(", "));
    }

    /**
     * A sentence or a stored value (a trace line, a journey step, an audit entry's field) as pages write it: each E.164
     * number in it as {@link #phone}, each ISO 8601 timestamp as {@link #dateTime} and each ISO date as {@link #date}.
     */
    public String readable(String text) {
        if (text == null) {
            return null;
        }
        var numbers = E164_IN_TEXT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(phone(m.group())));
        return ISO_IN_TEXT.matcher(numbers).replaceAll(m -> Matcher.quoteReplacement(iso(m)));
    }

    /**
     * A timezone as a list of them shows it: its id, which is what is stored, with the name people call it by
     * ("America/Chicago (Central Time)"); an id the JDK does not know, or names no better, as it is.
     */
    public String timezone(String id) {
        try {
            var name = ZoneId.of(id).getDisplayName(java.time.format.TextStyle.FULL, Locale.US);
            return name.isBlank() || name.equals(id) ? id : id + " (" + name + ")";
        } catch (java.time.DateTimeException | NullPointerException e) {
            return id;
        }
    }

    /** A country by its name, with the ISO 3166 code it is stored by ("United States (US)"); a code it has no name for as it is. */
    public String country(String code) {
        return countryName(code);
    }

    /** {@link #country}, where no company's formats are at hand (a message built in a controller). */
    public static String countryName(String code) {
        var name = code == null ? "" : Locale.of("", code).getDisplayCountry(Locale.US);
        return name.isBlank() || name.equals(code) ? code : name + " (" + code + ")";
    }

    /** A text-to-speech voice as people read it ("Joanna — US English, female (natural)"), by {@link dev.switchboard.shared.Speech}. */
    public String voice(String voice) {
        return dev.switchboard.shared.Speech.voiceName(voice);
    }

    /** A text-to-speech language as people read it ("US English" for en-US). */
    public String language(String language) {
        return dev.switchboard.shared.Speech.languageName(language);
    }

    /** The voices a greeting's select offers, {@code current} among them (the value stored, the label read). */
    public java.util.List<dev.switchboard.shared.Speech.Choice> voiceChoices(String current) {
        return dev.switchboard.shared.Speech.voiceChoices(current);
    }

    /** The languages a greeting's select offers, {@code current} among them. */
    public java.util.List<dev.switchboard.shared.Speech.Choice> languageChoices(String current) {
        return dev.switchboard.shared.Speech.languageChoices(current);
    }

    /**
     * A code (an enum's name, or its text from a row) as the call log says it: {@code ANSWERED} as "Answered",
     * {@code CALLBACK_REQUESTED} as "Callback requested", a call's direction, a test call's state; nothing is
     * {@link #NONE}. A code whose words are not its name's has a label of its own ({@code RuleType.IVR}, "IVR menu").
     */
    public String words(Object code) {
        return codeWords(code);
    }

    /**
     * An amount kept in cents (a call's cost, at the rates set in cents a minute) in the money of the company's country,
     * as its people write it ("$1.25", "£0.04", "€1,25" as a US reader sees it: "€1.25"); a country whose money we do not
     * know in hundredths, as cents ("125 ¢"); nothing is {@link #NONE}.
     */
    public String money(Number cents) {
        if (cents == null) {
            return NONE;
        }
        try {
            var currency = java.util.Currency.getInstance(Locale.of("", region == null ? "" : region));
            if (currency.getDefaultFractionDigits() == 2) {
                var format = java.text.NumberFormat.getCurrencyInstance(Locale.US);
                format.setCurrency(currency);
                return format.format(java.math.BigDecimal.valueOf(cents.longValue(), 2));
            }
        } catch (IllegalArgumentException | NullPointerException noCurrency) {
            // Below: as cents.
        }
        return cents.longValue() + " ¢";
    }

    /**
     * Why a phone's leg of a call ended, from the cause its record keeps ({@code no_answer}, as the call engine stores the
     * carrier's reason), as a person says it: "stopped ringing before it was answered", not "cancelled". A cause we do
     * not know is said as its words.
     */
    public String hangupCause(Object cause) {
        var stored = cause == null ? "" : cause.toString().strip();
        return switch (stored) {
            case "" -> NONE;
            case "normal" -> "answered, then hung up";
            case "cancelled" -> "stopped ringing before it was answered";
            case "no_answer" -> "not answered in time";
            case "busy" -> "the line was busy";
            case "rejected" -> "declined";
            case "not_found" -> "no such number or address";
            case "time_limit" -> "cut off at the carrier's limit on a call's length";
            case "dial_failed" -> "the carrier would not place the call";
            case "other" -> "for a reason the carrier did not give";
            default -> codeWords(stored).toLowerCase(Locale.ROOT);
        };
    }

    /** {@link #words(Object)} for code that has no company's formats at hand (an enum's own label). */
    public static String codeWords(Object code) {
        var name = switch (code) {
            case null -> "";
            case Enum<?> e -> e.name();
            default -> code.toString().strip();
        };
        if (name.isEmpty()) {
            return NONE;
        }
        var words = name.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** A date, a date and time on the company's clock, or an instant, found in text; an impossible one as it is. */
    private String iso(java.util.regex.MatchResult m) {
        try {
            if (m.group(2) == null) {
                // A date with an offset and no time ("2026-12-24Z") is no form anyone writes: left as it is.
                return m.group(3) == null ? date(LocalDate.parse(m.group(1))) : m.group();
            }
            return m.group(3) == null ? dateTime(LocalDateTime.parse(m.group(1) + m.group(2)))
                    : dateTime(OffsetDateTime.parse(m.group(1) + m.group(2) + m.group(3)));
        } catch (java.time.format.DateTimeParseException notADate) {
            return m.group();
        }
    }

    /** An instant (or a zoned or local date-time) as {@link #DATE_TIME} in the company's timezone. */
    public String dateTime(Object when) {
        var local = local(when);
        return local == null ? NONE : DATE_TIME.format(local);
    }

    /** The day of an instant in the company's timezone, or a date, as {@link #DATE}. */
    public String date(Object when) {
        if (when instanceof LocalDate d) {
            return DATE.format(d);
        }
        var local = local(when);
        return local == null ? NONE : DATE.format(local);
    }

    /**
     * As {@link #dateTime}, with the zone's abbreviation after it ("Sun 1 Nov 2026, 1:30 AM (CST)"): for a time chosen near
     * a clock change, where the same clock time happens twice or not at all, it says which one was taken.
     */
    public String dateTimeAndZone(Instant when) {
        return when == null ? NONE : DATE_TIME.format(when.atZone(zone)) + " (" + ZONE_ABBREVIATION.format(when.atZone(zone)) + ")";
    }

    /**
     * A length of time given in whole seconds (a call's, a message's, a wait) as a phone's call history writes it:
     * minutes and seconds ("0:06", "2:05"), with hours once it is an hour or more ("1:02:03"); nothing is {@link #NONE}.
     */
    public String duration(Number seconds) {
        if (seconds == null) {
            return NONE;
        }
        long s = Math.max(0, Math.round(seconds.doubleValue()));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A time of day as {@link #CLOCK}; nothing is {@link #NONE}. */
    public String clock(java.time.LocalTime time) {
        return time == null ? NONE : CLOCK.format(time);
    }

    /** The time of day of an instant in the company's timezone, with seconds, as {@link #TIME}. */
    public String time(Object when) {
        var local = local(when);
        return local == null ? NONE : TIME.format(local);
    }

    /** In the company's timezone; a local date-time is already on the company's clock (the pages compute them so). */
    private LocalDateTime local(Object when) {
        return switch (when) {
            case null -> null;
            case Instant i -> LocalDateTime.ofInstant(i, zone);
            case ZonedDateTime z -> z.withZoneSameInstant(zone).toLocalDateTime();
            case OffsetDateTime o -> o.atZoneSameInstant(zone).toLocalDateTime();
            case LocalDateTime l -> l;
            default -> throw new IllegalArgumentException("not a date and time: " + when.getClass().getName());
        };
    }
}
