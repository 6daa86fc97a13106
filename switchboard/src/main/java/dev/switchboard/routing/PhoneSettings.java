package dev.switchboard.routing;

import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.shared.SmsParts;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The general phone settings: default strategy (and how long it rings the team), recording and voicemail defaults, where calls go after
 * hours when no rule says otherwise, and the rates used for call cost (integer cents per minute, billed
 * in increments of 1, 6, 30 or 60 seconds), and the missed-call text-back (an SMS to a caller nobody answered,
 * sent by the calls module). The business numbers themselves are company settings.
 */
@Service
public class PhoneSettings {

    static final Set<Integer> INCREMENTS = Set.of(1, 6, 30, 60);

    private final JdbcClient jdbc;
    private final RoutingStore store;
    private final Checks checks;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final Companies companies;

    PhoneSettings(JdbcClient jdbc, RoutingStore store, Checks checks, AuditLog audit, ObjectMapper json, Clock clock, Companies companies) {
        this.companies = companies;
        this.jdbc = jdbc;
        this.store = store;
        this.checks = checks;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    public record Settings(DefaultStrategy defaultStrategy, boolean recordingDefault, boolean voicemailEnabled,
            Target afterHoursTarget, int inboundRateCentsPerMinute, int outboundRateCentsPerMinute,
            int billingIncrementSeconds, int defaultRingSeconds, boolean textBackEnabled, String textBackMessage,
            boolean textBackAfterVoicemail, int textBackQuietHours, boolean detectAnsweringMachines, boolean announceRecording,
            String recordingAnnouncement) {

        static Settings defaults() {
            return new Settings(DefaultStrategy.SIMULTANEOUS, false, true, Target.generalVoicemail(), 1, 2, 60, DEFAULT_RING_SECONDS,
                    false, DEFAULT_TEXT_BACK_MESSAGE, false, DEFAULT_TEXT_BACK_QUIET_HOURS, false, true, DEFAULT_RECORDING_ANNOUNCEMENT);
        }

        /**
         * The text-back message for a call to {@code dialled} ({@code +1 312-555-0100} as a person reads it): its
         * {@code {company}} and {@code {number}} filled in.
         */
        public String textBack(String companyName, String dialled) {
            return textBackMessage.replace("{company}", companyName).replace("{number}", dialled);
        }
    }

    /**
     * Missed-call text-back: what a caller nobody answered is texted unless the company writes its own; the
     * placeholders a message may hold; its longest in characters (320 GSM-7 characters are sent as 3 SMS parts of 153; one
     * emoji or other non-GSM character makes the whole message UCS-2, 67 characters a part); and how long a caller
     * texted is left alone.
     */
    public static final String DEFAULT_TEXT_BACK_MESSAGE = "Sorry we missed your call to {company}. We'll call you back shortly, or reply here.";
    static final List<String> TEXT_BACK_PLACEHOLDERS = List.of("{company}", "{number}");
    /** A placeholder begun and not closed ("{company" then a space or the end). */
    private static final java.util.regex.Pattern UNCLOSED_PLACEHOLDER = java.util.regex.Pattern.compile("\\{[A-Za-z_]+(?![A-Za-z_}])");
    static final int MAX_TEXT_BACK_LENGTH = 320;
    static final int DEFAULT_TEXT_BACK_QUIET_HOURS = 24;
    public static final int MAX_TEXT_BACK_QUIET_HOURS = 168;
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{[^{}]*}");

    /**
     * What a caller hears before a recorded call (a rule's recording, or the company's default) unless the company turns it
     * off: consent to recording is required of both parties in some states (Illinois, California...), and it is said
     * before anyone is rung. At most {@link #MAX_RECORDING_ANNOUNCEMENT_LENGTH} characters.
     */
    public static final String DEFAULT_RECORDING_ANNOUNCEMENT = "This call may be recorded for quality and training purposes.";
    static final int MAX_RECORDING_ANNOUNCEMENT_LENGTH = 300;

    /** How long the default strategy rings the team, unless the company says otherwise; and the range it may say. */
    static final int DEFAULT_RING_SECONDS = 20;
    public static final int MIN_RING_SECONDS = 10;
    public static final int MAX_RING_SECONDS = 120;

    // The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"text_back_sms_parts", "text_back_sms_encoding"})
    public record Input(@io.swagger.v3.oas.annotations.media.Schema(implementation = DefaultStrategy.class) String defaultStrategy, Boolean recordingDefault, Boolean voicemailEnabled,
            RuleInput.TargetInput afterHoursTarget, Integer inboundRateCentsPerMinute, Integer outboundRateCentsPerMinute,
            Integer billingIncrementSeconds, Integer defaultRingSeconds, Boolean textBackEnabled, @dev.switchboard.platform.Text.MultiLine String textBackMessage,
            Boolean textBackAfterVoicemail, Integer textBackQuietHours, Boolean detectAnsweringMachines, Boolean announceRecording,
            String recordingAnnouncement) {
    }

    @Transactional(readOnly = true)
    public Settings current() {
        return jdbc.sql("select * from phone_settings where company_id = :c").param("c", TenantContext.require().value())
                .query((rs, n) -> new Settings(DefaultStrategy.valueOf(rs.getString("default_strategy")), rs.getBoolean("recording_default"),
                        rs.getBoolean("voicemail_enabled"),
                        rs.getString("after_hours_target") == null ? Target.generalVoicemail()
                                : json.readValue(rs.getString("after_hours_target"), Target.class),
                        rs.getInt("inbound_rate_cents_per_minute"), rs.getInt("outbound_rate_cents_per_minute"),
                        rs.getInt("billing_increment_seconds"), rs.getInt("default_ring_seconds"), rs.getBoolean("text_back_enabled"),
                        rs.getString("text_back_message"), rs.getBoolean("text_back_after_voicemail"), rs.getInt("text_back_quiet_hours"),
                        rs.getBoolean("detect_answering_machines"), rs.getBoolean("announce_recording"),
                        rs.getString("recording_announcement")))
                .optional().orElse(Settings.defaults());
    }

    @Transactional
    public Settings update(Actor actor, Input in) {
        Companies.requireConfigureOf(actor);
        // Fields not sent keep their value: read them under the company's routing lock, or a change saved meanwhile by
        // another admin would be written back over. The lock also keeps a rule from being deleted while the after-hours
        // target is pointed at it.
        store.lockRouting();
        var before = current();
        var problems = new ArrayList<FieldProblem>();
        var strategy = before.defaultStrategy();
        if (in.defaultStrategy() != null) {
            try {
                strategy = DefaultStrategy.valueOf(in.defaultStrategy().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("default_strategy", "enum", DefaultStrategy.ALLOWED));
            }
        }
        var afterHours = in.afterHoursTarget() == null ? before.afterHoursTarget()
                : checks.target("after_hours_target", in.afterHoursTarget(), true, problems);
        int inbound = rate(in.inboundRateCentsPerMinute(), before.inboundRateCentsPerMinute(), "inbound_rate_cents_per_minute", problems);
        int outbound = rate(in.outboundRateCentsPerMinute(), before.outboundRateCentsPerMinute(), "outbound_rate_cents_per_minute", problems);
        int increment = in.billingIncrementSeconds() == null ? before.billingIncrementSeconds() : in.billingIncrementSeconds();
        if (!INCREMENTS.contains(increment)) {
            problems.add(new FieldProblem("billing_increment_seconds", "enum", "must be 1, 6, 30 or 60"));
        }
        int ring = in.defaultRingSeconds() == null ? before.defaultRingSeconds() : in.defaultRingSeconds();
        if (ring < MIN_RING_SECONDS || ring > MAX_RING_SECONDS) {
            problems.add(new FieldProblem("default_ring_seconds", "range",
                    "must be " + MIN_RING_SECONDS + " to " + MAX_RING_SECONDS + " seconds"));
        }
        var message = in.textBackMessage() == null ? before.textBackMessage() : textBackMessage(in.textBackMessage(), problems);
        int quiet = in.textBackQuietHours() == null ? before.textBackQuietHours() : in.textBackQuietHours();
        if (quiet < 1 || quiet > MAX_TEXT_BACK_QUIET_HOURS) {
            problems.add(new FieldProblem("text_back_quiet_hours", "range", "must be 1 to " + MAX_TEXT_BACK_QUIET_HOURS + " hours"));
        }
        var announcement = in.recordingAnnouncement() == null ? before.recordingAnnouncement()
                : recordingAnnouncement(in.recordingAnnouncement(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var after = new Settings(strategy, in.recordingDefault() == null ? before.recordingDefault() : in.recordingDefault(),
                in.voicemailEnabled() == null ? before.voicemailEnabled() : in.voicemailEnabled(), afterHours, inbound, outbound, increment,
                ring, in.textBackEnabled() == null ? before.textBackEnabled() : in.textBackEnabled(), message,
                in.textBackAfterVoicemail() == null ? before.textBackAfterVoicemail() : in.textBackAfterVoicemail(), quiet,
                in.detectAnsweringMachines() == null ? before.detectAnsweringMachines() : in.detectAnsweringMachines(),
                in.announceRecording() == null ? before.announceRecording() : in.announceRecording(), announcement);
        jdbc.sql("""
                insert into phone_settings (company_id, default_strategy, recording_default, voicemail_enabled, after_hours_target,
                  inbound_rate_cents_per_minute, outbound_rate_cents_per_minute, billing_increment_seconds, default_ring_seconds,
                  text_back_enabled, text_back_message, text_back_after_voicemail, text_back_quiet_hours, detect_answering_machines, announce_recording, recording_announcement,
                  updated_at)
                values (:c, :s, :r, :v, cast(:t as jsonb), :in, :out, :inc, :ring, :tb, :tbm, :tbv, :tbq, :amd, :ar, :ra, :now)
                on conflict (company_id) do update set default_strategy = excluded.default_strategy,
                  recording_default = excluded.recording_default, voicemail_enabled = excluded.voicemail_enabled,
                  after_hours_target = excluded.after_hours_target,
                  inbound_rate_cents_per_minute = excluded.inbound_rate_cents_per_minute,
                  outbound_rate_cents_per_minute = excluded.outbound_rate_cents_per_minute,
                  billing_increment_seconds = excluded.billing_increment_seconds,
                  default_ring_seconds = excluded.default_ring_seconds, text_back_enabled = excluded.text_back_enabled,
                  text_back_message = excluded.text_back_message, text_back_after_voicemail = excluded.text_back_after_voicemail,
                  text_back_quiet_hours = excluded.text_back_quiet_hours,
                  detect_answering_machines = excluded.detect_answering_machines, announce_recording = excluded.announce_recording,
                  recording_announcement = excluded.recording_announcement, updated_at = excluded.updated_at
                """)
                .param("c", TenantContext.require().value()).param("s", strategy.name()).param("r", after.recordingDefault())
                .param("v", after.voicemailEnabled()).param("t", json.writeValueAsString(afterHours)).param("in", inbound)
                .param("out", outbound).param("inc", increment).param("ring", ring).param("tb", after.textBackEnabled()).param("tbm", message)
                .param("tbv", after.textBackAfterVoicemail()).param("tbq", quiet).param("amd", after.detectAnsweringMachines())
                .param("ar", after.announceRecording()).param("ra", announcement).param("now", Timestamp.from(clock.instant())).update();
        audit.record(actor, "phone_settings", TenantContext.require(), "update", before, after);
        return after;
    }

    /** The dialled number {@link #textBackParts} counts for a company without a business number yet: as long as any US one. */
    static final String SAMPLE_NUMBER = "+1 312-555-0100";

    /**
     * The SMS parts the current company's text-back {@code message} is sent as (what the carrier bills): counted on the
     * text as sent, {@code {company}} filled in with the company's name (a name with an accent or a curly quote outside
     * GSM-7 makes every text UCS-2) and {@code {number}} with its longest business number as texted ({@link #SAMPLE_NUMBER}
     * when it has none), surrounding blanks dropped as a save drops them.
     */
    @Transactional(readOnly = true)
    public SmsParts textBackParts(String message) {
        var company = companies.current();
        var number = company.businessNumbers().stream().map(PhoneNumber::international)
                .max(java.util.Comparator.comparingInt(String::length)).orElse(SAMPLE_NUMBER);
        return SmsParts.of(message == null ? "" : message.strip().replace("{company}", company.name()).replace("{number}", number));
    }

    /**
     * A text-back message as it will be kept (surrounding blanks dropped), or a problem: those of {@link #text}, or a
     * placeholder other than {@code {company}} and {@code {number}} (named, so a typo such as {@code {compnay}} is seen at
     * once rather than texted to callers as it is).
     */
    private static String textBackMessage(String value, List<FieldProblem> problems) {
        int before = problems.size();
        var message = text("text_back_message", value, MAX_TEXT_BACK_LENGTH, "must not be empty", problems);
        if (problems.size() == before) {
            var unknown = PLACEHOLDER.matcher(message).results().map(java.util.regex.MatchResult::group)
                    .filter(p -> !TEXT_BACK_PLACEHOLDERS.contains(p)).distinct().toList();
            var unclosed = UNCLOSED_PLACEHOLDER.matcher(message);
            if (!unknown.isEmpty()) {
                problems.add(new FieldProblem("text_back_message", "placeholder", (unknown.size() == 1 ? "unknown placeholder "
                        : "unknown placeholders ") + String.join(", ", unknown) + ": only {company} and {number} are filled in"));
            } else if (unclosed.find()) {
                // "Hi {company" was texted to callers as it is.
                problems.add(new FieldProblem("text_back_message", "placeholder", "'" + unclosed.group() + "' is not closed: write {company} "
                        + "or {number}"));
            }
        }
        return message;
    }

    /** A recording announcement as it will be kept (surrounding blanks dropped), or a problem (see {@link #text}). */
    private static String recordingAnnouncement(String value, List<FieldProblem> problems) {
        return text("recording_announcement", value, MAX_RECORDING_ANNOUNCEMENT_LENGTH,
                "must not be empty (turn announce_recording off to say nothing)", problems);
    }

    /**
     * A text setting ({@code field}) as it will be kept, surrounding blanks dropped, or one problem: empty ({@code empty}
     * says so), longer than {@code max} characters, or holding a NUL.
     *
     * <p>Characters are counted as the form's {@code maxlength} counts them, in UTF-16 code units (HTML's "length"), as
     * every other length check of the server does: an emoji is two. Counted in code points, as this did, a message the
     * server took (300 emoji) could not be edited in the form, whose field then refused it as too long; the database's
     * char_length limit, in code points, is never the lower. For the text-back message it is also what an SMS counts: one
     * emoji makes it UCS-2, where the emoji takes two of a part's 16-bit units.
     */
    private static String text(String field, String value, int max, String empty, List<FieldProblem> problems) {
        var text = value.strip();
        int length = text.length();
        if (text.isEmpty()) {
            problems.add(new FieldProblem(field, "required", empty));
        } else if (length > max) {
            var astral = length != text.codePointCount(0, text.length()) ? ", an emoji counting as two" : "";
            problems.add(new FieldProblem(field, "length", "must be at most " + max + " characters (it has " + length + astral + ")"));
        } else if (text.indexOf('\0') >= 0) {
            problems.add(new FieldProblem(field, "text", "must not contain the NUL character (\\u0000)"));
        }
        return text;
    }

    private static int rate(Integer value, int current, String field, List<FieldProblem> problems) {
        if (value == null) {
            return current;
        }
        if (value < 0 || value > 10_000) {
            problems.add(new FieldProblem(field, "range", "must be 0 to 10000 cents per minute"));
        }
        return value;
    }
}
