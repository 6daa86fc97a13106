package dev.switchboard.voicemail;

import dev.switchboard.directory.Members;
import dev.switchboard.media.Media;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Warning;
import dev.switchboard.shared.EmailAddress;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Users;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Voicemail settings of the general box and the members' boxes. A box never configured has the defaults. */
@Service
public class Mailboxes {

    static final Set<Integer> RETENTION = Set.of(30, 60, 90, 365);

    private final JdbcClient jdbc;
    private final Members members;
    private final Media media;
    private final Companies companies;
    private final AuditLog audit;
    private final Clock clock;
    private final Users users;
    private final org.springframework.beans.factory.ObjectProvider<org.springframework.mail.javamail.JavaMailSender> mail;

    Mailboxes(JdbcClient jdbc, Members members, Media media, Companies companies, AuditLog audit, Clock clock, Users users,
            org.springframework.beans.factory.ObjectProvider<org.springframework.mail.javamail.JavaMailSender> mail) {
        this.users = users;
        this.mail = mail;
        this.jdbc = jdbc;
        this.members = members;
        this.media = media;
        this.companies = companies;
        this.audit = audit;
        this.clock = clock;
    }

    public record Saved(MailboxSettings settings, List<Warning> warnings) {
    }

    /** What a box emailing new messages is told when this installation has no SMTP server to send them through. */
    public static final String NO_EMAIL_SERVER = "no email server is set up for Switchboard (SPRING_MAIL_HOST): new-message emails "
            + "wait and go out only once one is";

    /**
     * {@link #NO_EMAIL_SERVER} in an owner's words, as the Voicemail tab says it: the setting's name is for whoever runs
     * the server (the tab says it apart, in a note for them), not for the owner.
     */
    public static final String NO_EMAIL_SERVER_WORDS = "Switchboard cannot send emails yet, as no email server is connected to it: "
            + "new-message emails wait, and go out once one is";

    /** Who connects one, and how: the Voicemail tab's note for the owner's IT person. */
    public static final String NO_EMAIL_SERVER_FOR_IT = "For your IT person: set SPRING_MAIL_HOST (the SMTP server) where Switchboard runs.";

    /**
     * Whether email notifications can go out: without an SMTP server ({@code spring.mail.host}) they wait in the outbox, and
     * an owner who turned them on was told nothing of it (only the server's log said so, at every retry).
     */
    public boolean canSendEmail() {
        return mail.getIfAvailable() != null;
    }

    /** The general box ({@code memberId} null) or a member's (404 for a member not in the company). */
    @Transactional(readOnly = true)
    public MailboxSettings settings(UUID memberId) {
        if (memberId != null) {
            members.get(memberId);
        }
        return box(memberId);
    }

    /** A box's settings without checking the member still exists (for messages already left in it). */
    @Transactional(readOnly = true)
    MailboxSettings box(UUID memberId) {
        return jdbc.sql("select * from voicemail_boxes where company_id = :c and member_id is not distinct from :m")
                .param("c", TenantContext.require().value()).param("m", memberId)
                .query((rs, n) -> new MailboxSettings(memberId, GreetingType.valueOf(rs.getString("greeting_type")),
                        rs.getString("greeting_text"), rs.getString("greeting_voice"), rs.getString("greeting_language"),
                        rs.getObject("greeting_media_id", UUID.class), rs.getBoolean("email_enabled"),
                        strings(rs.getArray("email_addresses")), rs.getBoolean("attach_audio"), rs.getBoolean("sms_enabled"),
                        rs.getString("sms_number"), rs.getBoolean("transcription_enabled"), (Integer) rs.getObject("retention_days"),
                        rs.getInt("max_message_seconds")))
                .optional().orElse(MailboxSettings.defaults(memberId));
    }

    /**
     * A member recorded a new greeting by phone (after entering their PIN): their box now plays it.
     * Audited as the member's own change: under their login when they have one, else by their name.
     */
    @Transactional
    public MailboxSettings recordedGreeting(UUID memberId, UUID mediaId) {
        lockBox(memberId);
        var before = settings(memberId);
        jdbc.sql("""
                insert into voicemail_boxes (company_id, id, member_id, greeting_type, greeting_media_id, retention_days, updated_at)
                values (:c, :id, :m, 'AUDIO', :media, :retention, :now)
                on conflict (company_id, member_id) where member_id is not null
                do update set greeting_type = 'AUDIO', greeting_media_id = excluded.greeting_media_id, updated_at = excluded.updated_at
                """).param("c", TenantContext.require().value()).param("id", UUID.randomUUID()).param("m", memberId)
                .param("media", mediaId)
                // A box first saved by this keeps the settings it showed before: its column's NULL is "keep forever", not
                // the 90 days of a box never saved (found by a walk: recording a greeting turned retention off).
                .param("retention", MailboxSettings.defaults(memberId).retentionDays())
                .param("now", java.sql.Timestamp.from(clock.instant())).update();
        var after = settings(memberId);
        releaseReplaced(before.greetingMediaId(), after.greetingMediaId());
        audit.record(users.actorOf(memberId, members.get(memberId).name()), "voicemail_box", memberId, "greeting recorded by phone",
                before, after);
        return after;
    }

    @Transactional
    public Saved update(Actor actor, UUID memberId, MailboxSettings.Input in) {
        return update(actor, memberId, in, "(POST /api/v1/media)");
    }

    /**
     * What a form's audio greeting without a file is told: where to choose one on the page itself (the API's words named
     * an endpoint to the person at the form: found by a walk of the greeting forms).
     */
    public static final String CHOOSE_A_FILE = ": choose a WAV or MP3 file (up to 5 MB) to upload, or another kind of greeting";

    /** {@link #update(Actor, UUID, MailboxSettings.Input)}, an audio greeting without a file told {@code uploadHint}. */
    @Transactional
    public Saved update(Actor actor, UUID memberId, MailboxSettings.Input in, String uploadHint) {
        Companies.requireConfigureOf(actor);
        return save(actor, memberId, in, uploadHint);
    }

    /**
     * A member's greeting as they set it themselves (My status, {@code /api/v1/members/{id}/greeting}): type, text, voice
     * and language, each left out (null) kept as it is, as in {@link #update}.
     */
    public record Greeting(
            @io.swagger.v3.oas.annotations.media.Schema(description = "DEFAULT, TEXT_TO_SPEECH or AUDIO (AUDIO needs an "
                    + "uploaded recording); left out, kept") String greetingType,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Required when greeting_type is TEXT_TO_SPEECH (sent, or "
                    + "kept from before): the text read to callers, at most 1000 characters; left out, kept")
            @dev.switchboard.platform.Text.MultiLine String greetingText, String greetingVoice,
            String greetingLanguage) {
    }

    /**
     * Sets member {@code memberId}'s voicemail greeting: an owner or admin anyone's, everyone else only their own (as
     * RingCentral, Dialpad and 3CX let each user set theirs). {@code file} (null: none), an upload checked as every
     * upload is ({@link Media#uploadGreeting}), becomes the box's recording. The greeting's fields only: where the box's
     * messages are sent, how long they are kept, stay as an admin set them. Checked, saved and audited as {@link #update}
     * (the same refusals, the same entry, this actor named); a refusal keeps no upload.
     */
    @Transactional
    public Saved setGreeting(Actor actor, UUID memberId, Greeting in, String fileName, byte[] file) {
        return setGreeting(actor, memberId, in, fileName, file,
                "(upload one: POST /api/v1/members/" + memberId + "/greeting/audio, or on My status)");
    }

    /** {@link #setGreeting(Actor, UUID, Greeting, String, byte[])}, an audio greeting without a file told {@code uploadHint}. */
    @Transactional
    public Saved setGreeting(Actor actor, UUID memberId, Greeting in, String fileName, byte[] file, String uploadHint) {
        members.get(memberId);
        Members.requireSelfOrAdmin(actor, memberId, "voicemail greeting");
        UUID mediaId = null;
        if (file != null) {
            mediaId = media.uploadGreeting(actor, fileName, file).id();
        }
        var saved = save(actor, memberId, new MailboxSettings.Input(in.greetingType(), in.greetingText(), in.greetingVoice(),
                in.greetingLanguage(), mediaId, null, null, null, null, null, null, null, null, null, null), uploadHint);
        // The box's other warnings (nobody told of new messages...) are about what the admin sets, not this change.
        return new Saved(saved.settings(), saved.warnings().stream().filter(w -> w.field().startsWith("greeting")).toList());
    }

    /**
     * Where a member's new messages are sent, as they set it themselves (My status,
     * {@code /api/v1/members/{id}/voicemail/notifications}): email on or off and to which addresses (with the recording
     * attached or not), a text to a mobile number on or off; each left out (null) kept as it is, as in {@link #update}.
     */
    public record Notifications(
            @io.swagger.v3.oas.annotations.media.Schema(description = "Email each new message; left out, kept") Boolean emailEnabled,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Required (at least one) when email_enabled is true, sent "
                    + "or kept from before; at most 10; left out, kept") List<String> emailAddresses,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Attach the recording to the email; left out, kept")
            Boolean attachAudio,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Text each new message; left out, kept") Boolean smsEnabled,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Required when sms_enabled is true, sent or kept from "
                    + "before: the mobile number texted, E.164 or national in the company's region; left out, kept")
            String smsNumber) {
    }

    /**
     * Sets where member {@code memberId}'s new messages are sent: an owner or admin anyone's, everyone else only their own,
     * as RingCentral, Dialpad and 3CX let each user choose where their voicemail is notified (an agent could not, and had
     * to ask an admin to type their own email or mobile number). The notification fields only: the greeting, transcription
     * and how long messages are kept stay as they are. Checked, saved and audited as {@link #update} (the same refusals,
     * the same entry, this actor named).
     */
    @Transactional
    public Saved setNotifications(Actor actor, UUID memberId, Notifications in) {
        members.get(memberId);
        Members.requireSelfOrAdmin(actor, memberId, "voicemail notifications");
        var saved = save(actor, memberId, new MailboxSettings.Input(null, null, null, null, null, in.emailEnabled(),
                in.emailAddresses(), in.attachAudio(), in.smsEnabled(), in.smsNumber(), null, null, null, null, null), "");
        // The box's other warnings (a retention purge) are about what the admin sets, not this change.
        return new Saved(saved.settings(), saved.warnings().stream()
                .filter(w -> w.field().startsWith("email") || w.field().startsWith("sms")).toList());
    }

    /** The standard greeting, for a member's box by their name ({@code null}: the general box). */
    public static String defaultGreeting(String memberName) {
        return (memberName == null ? "Nobody is available to take your call." : memberName + " is not available.")
                + " Please leave a message after the tone.";
    }

    /** Checks and saves {@code in} over box {@code memberId}'s settings; {@code uploadHint} says where a greeting's file is uploaded. */
    private Saved save(Actor actor, UUID memberId, MailboxSettings.Input in, String uploadHint) {
        lockBox(memberId);
        var before = settings(memberId);
        var problems = new ArrayList<FieldProblem>();
        var warnings = new ArrayList<Warning>();
        GreetingType type = before.greetingType();
        if (in.greetingType() != null) {
            try {
                type = GreetingType.valueOf(in.greetingType().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("greeting_type", "enum", "must be DEFAULT, TEXT_TO_SPEECH or AUDIO"));
            }
        }
        // A field left out keeps its value, as the flags and numbers always did; sent empty, a text field is cleared.
        var text = in.greetingText() == null ? before.greetingText() : blank(in.greetingText());
        if (text != null && text.length() > 1000) {
            problems.add(new FieldProblem("greeting_text", "length", "must be at most 1000 characters"));
        }
        if (type == GreetingType.TEXT_TO_SPEECH && text == null) {
            problems.add(new FieldProblem("greeting_text", "required", "a text-to-speech greeting needs its text"));
        }
        var voice = in.greetingVoice() == null ? before.greetingVoice() : blank(in.greetingVoice());
        if (voice != null && !dev.switchboard.shared.Speech.isVoice(voice)) {
            problems.add(new FieldProblem("greeting_voice", "format", dev.switchboard.shared.Speech.NOT_A_VOICE));
        }
        var language = in.greetingLanguage() == null ? before.greetingLanguage() : blank(in.greetingLanguage());
        if (language != null && !dev.switchboard.shared.Speech.isLanguage(language)) {
            problems.add(new FieldProblem("greeting_language", "format", dev.switchboard.shared.Speech.NOT_A_LANGUAGE));
        }
        var mediaId = in.greetingMediaId() == null ? before.greetingMediaId() : in.greetingMediaId();
        if (type == GreetingType.AUDIO) {
            if (mediaId == null) {
                problems.add(new FieldProblem("greeting_media_id", "required", "an audio greeting needs an uploaded file"
                        + (uploadHint.startsWith(":") ? "" : " ") + uploadHint));
            } else if (media.findPrompt(mediaId).isEmpty()) {
                problems.add(new FieldProblem("greeting_media_id", "exists", dev.switchboard.media.Media.notAPrompt(mediaId)));
            }
        } else if (in.greetingMediaId() != null && media.findPrompt(in.greetingMediaId()).isEmpty()) {
            // Sent with another kind of greeting it is kept for later (turning the audio greeting on): an id of nothing is
            // refused now, as an IVR menu's is, not kept to fail then.
            problems.add(new FieldProblem("greeting_media_id", "exists", dev.switchboard.media.Media.notAPrompt(in.greetingMediaId())));
        }
        var emails = new LinkedHashSet<String>();
        var rawEmails = in.emailAddresses() == null ? before.emailAddresses() : in.emailAddresses();
        for (int i = 0; i < rawEmails.size(); i++) {
            if (!EmailAddress.isValid(rawEmails.get(i))) {
                problems.add(new FieldProblem("email_addresses[" + i + "]", "email", "'" + rawEmails.get(i) + "' is not an email address"));
            } else {
                emails.add(rawEmails.get(i).strip().toLowerCase(Locale.ROOT));
            }
        }
        if (emails.size() > 10) {
            problems.add(new FieldProblem("email_addresses", "length", "at most 10 addresses"));
        }
        boolean emailEnabled = in.emailEnabled() == null ? before.emailEnabled() : in.emailEnabled();
        if (emailEnabled && emails.isEmpty()) {
            problems.add(new FieldProblem("email_addresses", "required", "email notification needs at least one address"));
        }
        String sms = null;
        var smsText = in.smsNumber() == null ? before.smsNumber() : in.smsNumber();
        if (blank(smsText) != null) {
            try {
                var parsed = PhoneNumber.parse(smsText, companies.current().defaultRegion());
                // A text abroad is billed as a call abroad is: refused while calls abroad are off, as a forwarding number
                // is (one saved before, when they were on, is kept as it is).
                var abroad = companies.current().callAbroadRefusal(parsed);
                if (parsed.isPremiumRate()) {
                    problems.add(new FieldProblem("sms_number", "premium", "must not be a premium-rate number"));
                } else if (abroad != null && !parsed.e164().equals(before.smsNumber())) {
                    problems.add(new FieldProblem("sms_number", "international", abroad));
                } else {
                    sms = parsed.e164();
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("sms_number", "e164", e.getMessage()));
            }
        }
        boolean smsEnabled = in.smsEnabled() == null ? before.smsEnabled() : in.smsEnabled();
        if (smsEnabled && sms == null && problems.stream().noneMatch(p -> p.field().equals("sms_number"))) {
            problems.add(new FieldProblem("sms_number", "required", "SMS notification needs a number"));
        }
        Integer retention = Boolean.TRUE.equals(in.keepForever()) ? null
                : in.retentionDays() == null ? before.retentionDays() : in.retentionDays();
        if (Boolean.TRUE.equals(in.keepForever()) && in.retentionDays() != null) {
            // Which one was meant cannot be told: neither is taken.
            problems.add(new FieldProblem("keep_forever", "conflict", "keep_forever true and retention_days "
                    + in.retentionDays() + " contradict each other: send one of them"));
        } else if (Boolean.FALSE.equals(in.keepForever()) && retention == null) {
            // Else the box would go on keeping forever, answered 200 as if it had stopped.
            problems.add(new FieldProblem("retention_days", "required",
                    "keep_forever false needs retention_days (30, 60, 90 or 365): the box keeps messages forever now"));
        } else if (retention != null && !RETENTION.contains(retention)) {
            problems.add(new FieldProblem("retention_days", "enum", "must be 30, 60, 90 or 365 (or keep_forever)"));
        }
        int max = in.maxMessageSeconds() == null ? before.maxMessageSeconds() : in.maxMessageSeconds();
        if (max < 30 || max > 300) {
            problems.add(new FieldProblem("max_message_seconds", "range", "must be 30 to 300 seconds"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var mismatch = type == GreetingType.TEXT_TO_SPEECH ? dev.switchboard.shared.Speech.voiceLanguageMismatch(voice, language) : null;
        if (mismatch != null) {
            warnings.add(new Warning("greeting_voice", mismatch));
        }
        if (!emailEnabled && !smsEnabled) {
            warnings.add(new Warning("email_enabled", "nobody is told about new messages: turn on email or SMS"));
        }
        if (emailEnabled && !canSendEmail()) {
            warnings.add(new Warning("email_enabled", NO_EMAIL_SERVER));
        }
        if (retention != null && (before.retentionDays() == null || retention < before.retentionDays())) {
            // A shorter retention applies to the messages already in the box: say what the next purge will take (the
            // heard ones only: Retention keeps a message nobody has listened to; those in the Deleted folder keep their own clock).
            var older = jdbc.sql("""
                    select count(*) filter (where heard and greatest(received_at, heard_at, restored_at) < :cutoff),
                      count(*) filter (where not heard) from voicemail_messages
                    where company_id = :c and member_id is not distinct from :m and received_at < :cutoff and deleted_at is null
                    """).param("c", TenantContext.require().value()).param("m", memberId)
                    .param("cutoff", Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(retention))))
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
            if (older[0] > 0) {
                warnings.add(new Warning("retention_days", older[0] + (older[0] == 1 ? " heard message" : " heard messages")
                        + " older than " + retention + " days will be deleted with " + (older[0] == 1 ? "its" : "their")
                        + " audio within the hour" + (older[1] == 0 ? "" : " (" + older[1] + " not yet heard "
                        + (older[1] == 1 ? "is" : "are") + " kept until someone listens)")));
            }
        }
        var after = new MailboxSettings(memberId, type, text, voice, language, type == GreetingType.AUDIO ? mediaId : null,
                emailEnabled, List.copyOf(emails), in.attachAudio() == null ? before.attachAudio() : in.attachAudio(), smsEnabled, sms,
                in.transcriptionEnabled() == null ? before.transcriptionEnabled() : in.transcriptionEnabled(), retention, max);
        var company = TenantContext.require().value();
        // Changed in place, inserted by the box's first save: a delete and insert left a moment with no row, where a save
        // not under the box's lock (as they all were) met the other's new row in the unique index.
        jdbc.sql("""
                insert into voicemail_boxes (company_id, id, member_id, greeting_type, greeting_text, greeting_voice, greeting_language,
                  greeting_media_id, email_enabled, email_addresses, attach_audio, sms_enabled, sms_number, transcription_enabled,
                  retention_days, max_message_seconds, updated_at)
                values (:c, :id, :m, :type, :text, :voice, :lang, :media, :email, :emails, :attach, :sms, :smsNumber, :transcribe,
                  :retention, :max, :now)
                on conflict %s do update set greeting_type = excluded.greeting_type, greeting_text = excluded.greeting_text,
                  greeting_voice = excluded.greeting_voice, greeting_language = excluded.greeting_language,
                  greeting_media_id = excluded.greeting_media_id, email_enabled = excluded.email_enabled,
                  email_addresses = excluded.email_addresses, attach_audio = excluded.attach_audio, sms_enabled = excluded.sms_enabled,
                  sms_number = excluded.sms_number, transcription_enabled = excluded.transcription_enabled,
                  retention_days = excluded.retention_days, max_message_seconds = excluded.max_message_seconds,
                  updated_at = excluded.updated_at
                """.formatted(memberId == null ? "(company_id) where member_id is null"
                        : "(company_id, member_id) where member_id is not null"))
                .param("c", company).param("id", UUID.randomUUID()).param("m", memberId).param("type", type.name())
                .param("text", text).param("voice", voice).param("lang", language).param("media", after.greetingMediaId())
                .param("email", emailEnabled).param("emails", emails.toArray(String[]::new)).param("attach", after.attachAudio())
                .param("sms", smsEnabled).param("smsNumber", sms).param("transcribe", after.transcriptionEnabled())
                .param("retention", retention).param("max", max).param("now", Timestamp.from(clock.instant())).update();
        releaseReplaced(before.greetingMediaId(), after.greetingMediaId());
        audit.record(actor, "voicemail_box", memberId == null ? "general" : memberId, "update", before, after);
        return new Saved(after, warnings);
    }

    /**
     * Serialises the changes of box {@code memberId} (null: the general box) for the rest of the transaction, across
     * nodes: a save reads the box as the one before it left it, so a field it leaves out keeps that save's value, the
     * last one wins and each is audited from what it changed. An advisory lock, as a box never saved has no row to lock.
     * A member's box holds its member too: a delete of the member at this moment waits for the save, or the save for
     * the delete, and is then answered as a save sent after it (404 naming the member), not by the box's foreign key.
     */
    private void lockBox(UUID memberId) {
        if (memberId != null && !members.hold(memberId)) {
            throw new NotFoundException("team member", memberId);
        }
        var company = TenantContext.require().value();
        dev.switchboard.platform.TransactionLocks.hold(jdbc, "voicemail-box:" + company + ":" + (memberId == null ? "general" : memberId));
    }

    /** The greeting a box played before a change that replaced or dropped it: its file goes once unused (after commit). */
    private void releaseReplaced(UUID before, UUID after) {
        if (before != null && !before.equals(after)) {
            media.released(before);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
