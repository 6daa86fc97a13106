package dev.switchboard.calls;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How missed-call text-backs are sent ({@code switchboard.calls.text-back.*}); whether a company sends them, and
 * what, are its phone settings.
 *
 * @param maxAttempts tries per text, the first included, before it is given up (its error kept)
 * @param firstRetry wait after the first failed try; each further one waits twice as long
 * @param maxRetry the longest wait between two tries
 * @param lease how long a claimed text is left to the node that claimed it before another may try it (longer
 *        than the carrier's timeout)
 * @param voicemailWait how long the text to a caller who hung up while leaving a message waits for the
 *        message to be saved (the carrier reports it after the hangup), when the company does not text
 *        callers who left one
 */
@ConfigurationProperties("switchboard.calls.text-back")
public record TextBackProperties(Integer maxAttempts, Duration firstRetry, Duration maxRetry, Duration lease, Duration voicemailWait) {

    public TextBackProperties {
        maxAttempts = maxAttempts == null ? 5 : Math.max(1, maxAttempts);
        firstRetry = firstRetry == null ? Duration.ofMinutes(1) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofMinutes(30) : maxRetry;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        voicemailWait = voicemailWait == null ? Duration.ofMinutes(2) : voicemailWait;
    }
}
