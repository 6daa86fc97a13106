package dev.switchboard.voicemail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Voicemail delivery and retention settings ({@code switchboard.voicemail.*}).
 *
 * @param mailFrom the From address of notification emails
 * @param publicBaseUrl where people open Switchboard, for the link in notifications
 * @param transcriptionWait how long a notification waits for the transcription (and, for an email
 *        with the audio attached, for the audio) before it is sent without them
 * @param maxAttempts tries per notification before it is given up (the error is kept)
 * @param firstRetry wait after the first failed try; each further one waits twice as long
 * @param maxRetry the longest wait between two tries
 * @param lease how long a claimed notification is left to the node that claimed it before another may
 *        try it (longer than any SMTP or carrier timeout)
 * @param defaultRetentionDays retention of a box never configured (what its settings show)
 */
@ConfigurationProperties("switchboard.voicemail")
public record VoicemailProperties(String mailFrom, String publicBaseUrl, Duration transcriptionWait, Integer maxAttempts,
        Duration firstRetry, Duration maxRetry, Duration lease, Integer defaultRetentionDays) {

    public VoicemailProperties {
        mailFrom = mailFrom == null || mailFrom.isBlank() ? "voicemail@switchboard.localhost" : mailFrom.strip();
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? "http://localhost:8080" : publicBaseUrl.replaceAll("/+$", "");
        transcriptionWait = transcriptionWait == null ? Duration.ofMinutes(2) : transcriptionWait;
        maxAttempts = maxAttempts == null ? 10 : Math.max(1, maxAttempts);
        firstRetry = firstRetry == null ? Duration.ofMinutes(1) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofHours(6) : maxRetry;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        defaultRetentionDays = defaultRetentionDays == null ? MailboxSettings.defaults(null).retentionDays() : defaultRetentionDays;
    }
}
