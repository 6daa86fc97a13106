package dev.switchboard.calls;

import dev.switchboard.media.Media;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.voicemail.Voicemails;
import io.github.resilience4j.core.IntervalFunction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies recordings from the carrier's URLs, which expire, into media storage: a voicemail's audio
 * (kept on its message) and a recorded call's (kept on the call). The engine tries each once right
 * after the carrier reports it; a failed try (the download, or storing what came) is counted with its
 * error and tried again after 20 s, 40 s, 80 s... (Resilience4j's exponential interval, capped), and
 * given up after {@code max-attempts} with its error kept: the message or call stays, saying why it has
 * no audio (the voicemail API's {@code audio_status} FAILED and {@code audio_error}; the call's journey
 * log). A copy whose first try never reported (its node died) is due a little later all the same.
 *
 * <p>Any node retries due copies ({@link #retryDue}): each is claimed under a lease in a short
 * transaction ({@code FOR UPDATE SKIP LOCKED}), so two nodes never try the same copy at once, and
 * downloaded outside any transaction. Storing checks, under the row's lock, that the audio is still
 * missing, so tries that cross (a lease run out) store it once.
 */
@Service
public class MediaDownloads {

    private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);
    /** The longest one try can take (connect and read timeouts of the fetch), for sizing a claim to its lease. */
    private static final java.time.Duration LONGEST_TRY = java.time.Duration.ofSeconds(40);

    private final JdbcClient jdbc;
    private final RecordingFetcher fetcher;
    private final Voicemails voicemails;
    private final Media media;
    private final CallStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MediaDownloadProperties properties;
    private final IntervalFunction backoff;
    private final boolean polling;

    MediaDownloads(JdbcClient jdbc, RecordingFetcher fetcher, Voicemails voicemails, Media media, CallStore store,
            PlatformTransactionManager transactions, Clock clock, MediaDownloadProperties properties,
            @Value("${switchboard.calls.media-downloads.enabled:true}") boolean polling) {
        this.jdbc = jdbc;
        this.fetcher = fetcher;
        this.voicemails = voicemails;
        this.media = media;
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
        this.backoff = IntervalFunction.ofExponentialBackoff(properties.firstRetry(), 2.0, properties.maxRetry());
        this.polling = polling;
    }

    /** When a new copy, whose first try is about to start, is due again should that try never report (its node died). */
    Instant dueIfUnreported() {
        return clock.instant().plus(properties.lease());
    }

    /**
     * When to try again after {@code tries} failed tries, or null to give up.
     */
    Instant nextAttempt(int tries) {
        return tries >= properties.maxAttempts() ? null : clock.instant().plus(Duration.ofMillis(backoff.apply(tries)));
    }

    // ---- one try, within the company's context and outside any transaction ----

    /** Tries to copy a voicemail message's audio from {@code url}. */
    void voicemail(UUID messageId, String url) {
        try {
            var audio = fetcher.fetch(url);
            tx.executeWithoutResult(s -> voicemails.storeAudio(messageId, audio));
        } catch (RuntimeException e) {
            var error = describe(e);
            var tries = tx.execute(s -> voicemails.audioFetchFailed(messageId, error, this::nextAttempt)).orElse(null);
            if (tries != null) {
                failed("the audio of voicemail " + messageId, url, tries, error);
            }
        }
    }

    /** Tries to copy a recorded call's recording from {@code url}. */
    void recording(UUID callId, String url) {
        try {
            var audio = fetcher.fetch(url);
            tx.executeWithoutResult(s -> storeRecording(callId, audio));
        } catch (RuntimeException e) {
            var error = describe(e);
            var tries = tx.execute(s -> recordingFailed(callId, error));
            if (tries != null) {
                failed("the recording of call " + callId, url, tries, error);
            }
        }
    }

    private void storeRecording(UUID callId, byte[] audio) {
        var company = TenantContext.require().value();
        boolean waiting = jdbc.sql("select recording_media_id is null from calls where company_id = :c and id = :id for update")
                .param("c", company).param("id", callId).query(Boolean.class).optional().orElse(false);
        if (!waiting) {
            return;
        }
        var file = media.storeFetched("recording", "call-" + callId, audio);
        jdbc.sql("""
                update calls set recording_media_id = :m, recording_fetch_attempts = recording_fetch_attempts + 1,
                  recording_next_attempt_at = null, recording_error = null
                where company_id = :c and id = :id
                """).param("m", file.id()).param("c", company).param("id", callId).update();
    }

    /** Counts a failed try on the call and says when the next is, or that it was given up (in its journey log too). */
    private Integer recordingFailed(UUID callId, String error) {
        var company = TenantContext.require().value();
        var tries = jdbc.sql("""
                update calls set recording_fetch_attempts = recording_fetch_attempts + 1
                where company_id = :c and id = :id and recording_media_id is null returning recording_fetch_attempts
                """).param("c", company).param("id", callId).query(Integer.class).optional().orElse(null);
        if (tries == null) {
            return null;
        }
        var next = nextAttempt(tries);
        var text = (next == null ? "gave up after " + tries + (tries == 1 ? " try: " : " tries: ") : "try " + tries + " failed: ") + error;
        jdbc.sql("update calls set recording_next_attempt_at = :next, recording_error = :e where company_id = :c and id = :id")
                .param("next", next == null ? null : Timestamp.from(next)).param("e", text).param("c", company).param("id", callId).update();
        store.event(callId, clock.instant(), next == null ? "RecordingLost" : "RecordingFetchFailed", text);
        return tries;
    }

    private void failed(String what, String url, int tries, String error) {
        var next = nextAttempt(tries);
        if (next == null) {
            log.error("Gave up copying {} from {} after {} tries: {}", what, url, tries, error);
        } else {
            log.warn("Could not copy {} from {} (try {} of {}): {}; trying again at {}", what, url, tries, properties.maxAttempts(), error, next);
        }
    }

    private static String describe(RuntimeException e) {
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    // ---- retries, on any node ----

    @Scheduled(fixedDelayString = "${switchboard.calls.media-downloads.interval:PT10S}", initialDelayString = "PT20S")
    void poll() {
        if (polling) {
            retryDue();
        }
    }

    private record Due(CompanyId company, UUID id) {
    }

    /**
     * Tries every copy due now (voicemail audio and call recordings of every company) once more.
     *
     * @return how many were claimed
     */
    public int retryDue() {
        // Claim only as many as can be tried, one after another, before their lease runs out: a copy tried after
        // its lease could be tried by another node at the same time, spending its tries twice as fast.
        int batch = (int) Math.max(1, properties.lease().toSeconds() / LONGEST_TRY.toSeconds());
        int total = 0;
        while (true) {
            var now = clock.instant();
            var leaseUntil = now.plus(properties.lease());
            var messages = tx.execute(s -> voicemails.claimDueAudio(now, leaseUntil, batch));
            for (var m : messages) {
                attempt(m.company(), () -> tx.execute(s -> voicemails.audioToFetch(m.messageId()))
                        .ifPresent(url -> voicemail(m.messageId(), url)));
            }
            var calls = tx.execute(s -> jdbc.sql("select claimed_company, claimed_id from calls_claim_recording_fetches(:now, :lease, :limit)")
                    .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil)).param("limit", batch)
                    .query((rs, n) -> new Due(new CompanyId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class))).list());
            for (var c : calls) {
                attempt(c.company(), () -> tx.execute(s -> recordingToFetch(c.id())).ifPresent(url -> recording(c.id(), url)));
            }
            total += messages.size() + calls.size();
            if (messages.size() < batch && calls.size() < batch) {
                return total;
            }
        }
    }

    private static void attempt(CompanyId company, Runnable work) {
        try {
            TenantContext.runAs(company, work);
        } catch (RuntimeException e) {
            // The lease runs out and the copy is due again.
            log.error("Retrying a recording's copy failed unexpectedly", e);
        }
    }

    /** The URL to copy a claimed call's recording from, when it still needs copying (else it is no longer due). */
    private Optional<String> recordingToFetch(UUID callId) {
        var company = TenantContext.require().value();
        var url = jdbc.sql("select recording_url from calls where company_id = :c and id = :id and recording_media_id is null")
                .param("c", company).param("id", callId).query(String.class).optional();
        if (url.isEmpty()) {
            jdbc.sql("update calls set recording_next_attempt_at = null where company_id = :c and id = :id")
                    .param("c", company).param("id", callId).update();
        }
        return url;
    }
}
