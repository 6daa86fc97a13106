package dev.switchboard.voicemail;

import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.media.Media;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import io.github.resilience4j.core.IntervalFunction;
import jakarta.mail.MessagingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * New-message notifications by email and SMS, through a transactional outbox.
 *
 * <p>When a message is deposited, one row per destination is written in the same transaction
 * ({@link #schedule}), so a message is never stored without its notifications nor the other way
 * round. A worker ({@link #deliverDue}) on any node claims due rows (a lease, with {@code FOR UPDATE
 * SKIP LOCKED}) and sends each after commit, outside any transaction.
 *
 * <p>When to send: an email with the audio attached waits for the audio to be stored, and a box that
 * transcribes waits for the transcription, each at most {@code transcription-wait} (2 minutes) after the
 * message arrived; then it goes without them (saying the transcription is not ready). The transcription
 * or the audio arriving wakes a waiting row at once. A failed send is tried again after 1, 2, 4...
 * minutes (Resilience4j's exponential interval, capped), and given up after {@code max-attempts} with
 * its last error kept; with no email server configured at all, an email is not tried and waits for one, however
 * long. A node dying between sending and recording it may send one twice (at least
 * once): the lease makes that need a crash, not just two nodes.
 */
@Service
class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    enum Channel { EMAIL, SMS }

    private final JdbcClient jdbc;
    private final Mailboxes mailboxes;
    private final Members members;
    private final Customers customers;
    private final Companies companies;
    private final Media media;
    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectProvider<SmsSender> sms;
    private final VoicemailProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IntervalFunction backoff;

    Deliveries(JdbcClient jdbc, Mailboxes mailboxes, Members members, Customers customers, Companies companies, Media media,
            ObjectProvider<JavaMailSender> mail, ObjectProvider<SmsSender> sms, VoicemailProperties properties,
            TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.mailboxes = mailboxes;
        this.members = members;
        this.customers = customers;
        this.companies = companies;
        this.media = media;
        this.mail = mail;
        this.sms = sms;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
        this.backoff = IntervalFunction.ofExponentialBackoff(properties.firstRetry(), 2.0, properties.maxRetry());
    }

    /** Why an email waits while there is no email server (no try is made, none counted). */
    static final String NO_SMTP = "no SMTP server configured (spring.mail.host): waiting for one";

    /**
     * How often an email waiting for an email server looks again: one is connected by a restart with it set, after which
     * the emails waiting go out within this time.
     */
    static final Duration NO_EMAIL_SERVER_RECHECK = Duration.ofMinutes(10);

    /** The wait after the {@code attempts}-th failed try (1: the first retry). */
    Duration retryDelay(int attempts) {
        return Duration.ofMillis(backoff.apply(attempts));
    }

    /**
     * Writes the notifications of a new message, in the caller's (the deposit's) transaction. A very short message
     * ({@link VoicemailMessage#isVeryShort}: the caller hung up at the beep) is told as the missed call it counts as,
     * at once: no recording worth attaching, no words to wait for. It is still told: the box's notifications are how its
     * member hears of a caller who tried them, and the caller, whose call was missed, may be waiting for a call back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void schedule(UUID messageId, UUID memberId, int durationSeconds) {
        var box = mailboxes.box(memberId);
        var now = clock.instant();
        var waitUntil = now.plus(properties.transcriptionWait());
        boolean missed = VoicemailMessage.isVeryShort(durationSeconds);
        if (box.emailEnabled()) {
            for (var address : box.emailAddresses()) {
                insert(messageId, Channel.EMAIL, address, box.attachAudio() && !missed, box.transcriptionEnabled() && !missed, now,
                        waitUntil);
            }
        }
        if (box.smsEnabled() && box.smsNumber() != null) {
            insert(messageId, Channel.SMS, box.smsNumber(), false, box.transcriptionEnabled() && !missed, now, waitUntil);
        }
    }

    /**
     * A message moved to another box ({@code memberId}; null: the general one): its notifications not sent yet (waiting
     * for its transcription, or being retried) are cancelled, as they went to the addresses of the box it left (a member
     * who left the company is no longer texted a customer's message), and the box it is in now is told instead, with
     * that box's settings. When all of them had gone out already, the new box is told only when {@code tellAnyway} (a
     * message handed to someone by hand, not one that follows a member who left). Returns whether it is told.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean moved(UUID messageId, UUID memberId, int durationSeconds, boolean tellAnyway) {
        int cancelled = jdbc.sql("delete from voicemail_deliveries where company_id = :c and message_id = :m and sent_at is null and failed_at is null")
                .param("c", TenantContext.require().value()).param("m", messageId).update();
        if (cancelled == 0 && !tellAnyway) {
            return false;
        }
        schedule(messageId, memberId, durationSeconds);
        wake(messageId); // what it waited for may be there already; a row still waiting goes back to waiting
        return true;
    }

    private void insert(UUID messageId, Channel channel, String destination, boolean attach, boolean transcription,
            Instant now, Instant waitUntil) {
        boolean waits = transcription || attach;
        jdbc.sql("""
                insert into voicemail_deliveries (company_id, id, message_id, channel, destination, attach_audio,
                  wait_for_transcription, wait_until, next_attempt_at, created_at)
                values (:c, :id, :m, :ch, :dest, :attach, :transcription, :wait, :next, :now)
                on conflict do nothing
                """)
                .param("c", TenantContext.require().value()).param("id", UUID.randomUUID()).param("m", messageId)
                .param("ch", channel.name()).param("dest", destination).param("attach", attach)
                .param("transcription", transcription).param("wait", Timestamp.from(waitUntil))
                .param("next", Timestamp.from(waits ? waitUntil : now)).param("now", Timestamp.from(now)).update();
    }

    /**
     * The transcription or the audio of a message arrived: its notifications still waiting for them
     * become due now. Rows being sent (leased) or in back-off are left alone.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void wake(UUID messageId) {
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                update voicemail_deliveries set next_attempt_at = :now
                where company_id = :c and message_id = :m and attempts = 0 and sent_at is null and failed_at is null
                  and next_attempt_at = wait_until and next_attempt_at > :now
                """).param("now", now).param("c", TenantContext.require().value()).param("m", messageId).update();
    }

    /**
     * Claims the due notifications of every company and sends them, each as its own company.
     *
     * @return how many were claimed (sent, failed, or put back to wait)
     */
    int deliverDue() {
        int total = 0;
        while (true) {
            var now = clock.instant();
            var leaseUntil = now.plus(properties.lease());
            var claimed = tx.execute(s -> jdbc.sql("select claimed_company, claimed_id from voicemail_claim_deliveries(:now, :lease, 50)")
                    .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil))
                    .query((rs, n) -> new Claimed(new CompanyId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                    .list());
            if (claimed == null || claimed.isEmpty()) {
                return total;
            }
            for (var c : claimed) {
                try {
                    TenantContext.runAs(c.company(), () -> deliver(c.id(), leaseUntil));
                } catch (RuntimeException e) {
                    // The lease runs out and the row is due again.
                    log.error("Delivering voicemail notification {} failed unexpectedly", c.id(), e);
                }
            }
            total += claimed.size();
            if (claimed.size() < 50) {
                return total;
            }
        }
    }

    private record Claimed(CompanyId company, UUID id) {
    }

    /** A notification ready to go out, read in one transaction and sent outside it. */
    private record Outgoing(UUID id, UUID messageId, Channel channel, String destination, int attempts, Notification text,
            String smsFrom, byte[] audio, String audioType, String audioName) {
    }

    private void deliver(UUID id, Instant leaseUntil) {
        var outgoing = tx.execute(s -> prepare(id, leaseUntil));
        if (outgoing == null) {
            return;
        }
        var result = send(outgoing);
        tx.executeWithoutResult(s -> record(outgoing, result));
    }

    /** A claimed notification with its message, as read from the database. */
    private record Row(UUID id, UUID messageId, Channel channel, String destination, boolean attachAudio,
            boolean waitForTranscription, Instant waitUntil, int attempts, UUID memberId, String from, Instant receivedAt,
            int durationSeconds, UUID mediaId, String transcription, UUID customerId, String wasFor) {
    }

    private Outgoing prepare(UUID id, Instant leaseUntil) {
        var company = TenantContext.require().value();
        var row = jdbc.sql("""
                select d.id, d.message_id, d.channel, d.destination, d.attach_audio, d.wait_for_transcription, d.wait_until,
                       d.attempts, m.member_id, m.from_number, m.received_at, m.duration_seconds, m.media_id, m.transcription,
                       m.customer_id, m.was_for_name
                from voicemail_deliveries d join voicemail_messages m on m.company_id = d.company_id and m.id = d.message_id
                where d.company_id = :c and d.id = :id and d.sent_at is null and d.failed_at is null
                for update of d
                """).param("c", company).param("id", id)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class),
                        Channel.valueOf(rs.getString("channel")), rs.getString("destination"), rs.getBoolean("attach_audio"),
                        rs.getBoolean("wait_for_transcription"), rs.getTimestamp("wait_until").toInstant(), rs.getInt("attempts"),
                        rs.getObject("member_id", UUID.class), rs.getString("from_number"), rs.getTimestamp("received_at").toInstant(),
                        rs.getInt("duration_seconds"), rs.getObject("media_id", UUID.class), rs.getString("transcription"),
                        rs.getObject("customer_id", UUID.class), rs.getString("was_for_name")))
                .optional().orElse(null);
        if (row == null) {
            return null;
        }
        boolean attach = row.channel() == Channel.EMAIL && row.attachAudio();
        boolean waitsForTranscription = row.waitForTranscription() && row.transcription() == null;
        boolean waitsForAudio = attach && row.mediaId() == null;
        if ((waitsForTranscription || waitsForAudio) && clock.instant().isBefore(row.waitUntil())) {
            // Not ready: back to waiting, unless the transcription or the audio woke it meanwhile.
            jdbc.sql("update voicemail_deliveries set next_attempt_at = wait_until where company_id = :c and id = :id and next_attempt_at = :lease")
                    .param("c", company).param("id", id).param("lease", Timestamp.from(leaseUntil)).update();
            return null;
        }
        if (row.channel() == Channel.EMAIL && mail.getIfAvailable() == null) {
            // No email server to send through: the email waits for one (connected by a restart), not counted as a try,
            // where each look counted as a failed one and the email was given up after ten, some eight hours, though the
            // Voicemail tab says new-message emails wait and go out once an email server is connected.
            jdbc.sql("""
                    update voicemail_deliveries set next_attempt_at = :next, last_error = :e
                    where company_id = :c and id = :id
                    """).param("next", Timestamp.from(clock.instant().plus(NO_EMAIL_SERVER_RECHECK)))
                    .param("e", NO_SMTP).param("c", company).param("id", id).update();
            return null;
        }
        boolean attached = attach && row.mediaId() != null;
        var text = notification(row.messageId(), row.memberId(), row.wasFor(), row.customerId(), row.from(), row.receivedAt(), row.durationSeconds(),
                row.transcription(), row.waitForTranscription(), attached);
        byte[] audio = null;
        String type = null;
        String name = null;
        if (attached) {
            type = media.get(row.mediaId()).contentType();
            audio = media.bytes(row.mediaId());
            name = "voicemail-" + ATTACHMENT_TIME.format(row.receivedAt().atZone(text.zone()))
                    + ("audio/mpeg".equals(type) ? ".mp3" : ".wav");
        }
        var smsFrom = row.channel() == Channel.SMS
                ? companies.current().businessNumbers().stream().findFirst().map(PhoneNumber::e164).orElse(null) : null;
        return new Outgoing(id, row.messageId(), row.channel(), row.destination(), row.attempts(), text, smsFrom, audio, type, name);
    }

    private static final java.time.format.DateTimeFormatter ATTACHMENT_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

    /**
     * The notification of a message; the caller is named after the customer the call is linked to ({@code customerId},
     * for a number several customers share the one whose open job routing went by, as the call log says), else after the
     * first customer with the number (a message left without a call, or a linked customer deleted since).
     */
    private Notification notification(UUID messageId, UUID memberId, String wasFor, UUID customerId, String from, Instant at, int seconds,
            String transcription, boolean transcriptionExpected, boolean attached) {
        var company = companies.current();
        // A message of a member who left the company, now in the general mailbox, says whom it was for (as the inbox does):
        // the office told of it knows whose customer called.
        String box = memberId == null ? "the general mailbox" + (wasFor == null ? "" : " (left for " + wasFor + ")")
                : members.find(memberId).map(TeamMember::name).orElse("a former team member");
        String caller = null;
        String number = from;
        if (from != null) {
            try {
                var parsed = PhoneNumber.parse(from, company.defaultRegion());
                number = parsed.international();
                caller = (customerId == null ? java.util.Optional.<dev.switchboard.directory.Customer>empty() : customers.find(customerId))
                        .or(() -> customers.findByNumber(parsed).stream().findFirst()).map(c -> c.name()).orElse(null);
            } catch (IllegalArgumentException e) {
                // Not a phone number (anonymous, a SIP address): shown as it came.
            }
        }
        // The box the message is in, opened at the message: /voicemail alone is the reader's own box and the shared one,
        // where a member's message is not when an owner or admin reads the member's notifications.
        var link = properties.publicBaseUrl() + "/voicemail" + (memberId == null ? "" : "?box=" + memberId) + "#vm-" + messageId;
        return new Notification(company.name(), box, caller, number, at, company.timezone(), seconds, transcription,
                transcriptionExpected, attached, link);
    }

    /** What one send did: null error when it went out. */
    private record Result(String error, boolean retryable) {
        static final Result SENT = new Result(null, false);
    }

    private Result send(Outgoing o) {
        return switch (o.channel()) {
            case EMAIL -> email(o);
            case SMS -> sms(o);
        };
    }

    private Result email(Outgoing o) {
        var sender = mail.getIfAvailable();
        if (sender == null) {
            return new Result(NO_SMTP, true);
        }
        try {
            var message = sender.createMimeMessage();
            var helper = new MimeMessageHelper(message, o.audio() != null, "UTF-8");
            helper.setFrom(properties.mailFrom());
            helper.setTo(o.destination());
            helper.setSubject(o.text().subject());
            helper.setText(o.text().emailBody(), false);
            if (o.audio() != null) {
                helper.addAttachment(o.audioName(), new ByteArrayResource(o.audio()), o.audioType());
            }
            sender.send(message);
            return Result.SENT;
        } catch (MessagingException | MailException e) {
            return new Result(describe(e), true);
        }
    }

    private Result sms(Outgoing o) {
        if (o.smsFrom() == null) {
            return new Result("the company has no business number to send SMS from", true);
        }
        return switch (SmsSender.attempt(sms.getIfAvailable(), o.smsFrom(), o.destination(), o.text().sms(), o.id().toString())) {
            case SmsSender.Result.Sent sent -> Result.SENT;
            case SmsSender.Result.Failed failed -> new Result(failed.error(), failed.retryable());
        };
    }

    private void record(Outgoing o, Result result) {
        var now = clock.instant();
        int attempts = o.attempts() + 1;
        var company = TenantContext.require().value();
        if (result.error() == null) {
            jdbc.sql("""
                    update voicemail_deliveries set sent_at = :now, attempts = :a, next_attempt_at = null, last_error = null
                    where company_id = :c and id = :id
                    """).param("now", Timestamp.from(now)).param("a", attempts).param("c", company).param("id", o.id()).update();
            return;
        }
        var error = result.error().length() > 1000 ? result.error().substring(0, 1000) : result.error();
        if (result.retryable() && attempts < properties.maxAttempts()) {
            var next = now.plus(retryDelay(attempts));
            log.warn("Voicemail {} notification to {} failed (try {} of {}), next try at {}: {}", o.channel(), o.destination(),
                    attempts, properties.maxAttempts(), next, error);
            jdbc.sql("""
                    update voicemail_deliveries set attempts = :a, next_attempt_at = :next, last_error = :e
                    where company_id = :c and id = :id
                    """).param("a", attempts).param("next", Timestamp.from(next)).param("e", error)
                    .param("c", company).param("id", o.id()).update();
        } else {
            log.error("Gave up the voicemail {} notification to {} after {} tries: {}", o.channel(), o.destination(), attempts, error);
            jdbc.sql("""
                    update voicemail_deliveries set attempts = :a, next_attempt_at = null, failed_at = :now, last_error = :e
                    where company_id = :c and id = :id
                    """).param("a", attempts).param("now", Timestamp.from(now)).param("e", error)
                    .param("c", company).param("id", o.id()).update();
        }
    }

    private static String describe(Exception e) {
        var parts = new ArrayList<String>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            if (t.getMessage() != null && !parts.contains(t.getMessage())) {
                parts.add(t.getMessage());
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }

    /** One notification's state, for tests and the message view. */
    record Delivery(UUID id, UUID messageId, Channel channel, String destination, int attempts, Instant nextAttemptAt,
            String lastError, Instant sentAt, Instant failedAt) {
    }

    @Transactional(readOnly = true)
    List<Delivery> of(UUID messageId) {
        return jdbc.sql("select * from voicemail_deliveries where company_id = :c and message_id = :m order by channel, destination")
                .param("c", TenantContext.require().value()).param("m", messageId)
                .query((rs, n) -> new Delivery(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class),
                        Channel.valueOf(rs.getString("channel")), rs.getString("destination"), rs.getInt("attempts"),
                        instant(rs.getTimestamp("next_attempt_at")), rs.getString("last_error"),
                        instant(rs.getTimestamp("sent_at")), instant(rs.getTimestamp("failed_at"))))
                .list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
