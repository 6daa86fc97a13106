package dev.switchboard.calls;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How recordings are copied from the carrier's URLs into media storage ({@code switchboard.calls.media-downloads.*}).
 * Telnyx's recording URLs are valid for 10 minutes: the defaults make their last try within that.
 *
 * @param maxAttempts tries per recording, the first included, before it is given up (its error kept)
 * @param firstRetry wait after the first failed try; each further one waits twice as long
 * @param maxRetry the longest wait between two tries
 * @param lease how long a claimed copy is left to the node that claimed it before another may try it
 *        (longer than a download's timeout)
 */
@ConfigurationProperties("switchboard.calls.media-downloads")
public record MediaDownloadProperties(Integer maxAttempts, Duration firstRetry, Duration maxRetry, Duration lease) {

    public MediaDownloadProperties {
        maxAttempts = maxAttempts == null ? 6 : Math.max(1, maxAttempts);
        firstRetry = firstRetry == null ? Duration.ofSeconds(20) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofMinutes(2) : maxRetry;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
    }
}
