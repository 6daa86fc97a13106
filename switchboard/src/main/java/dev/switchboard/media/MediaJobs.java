package dev.switchboard.media;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The media timer on every node: sweeping prompts nothing uses any more ({@link PromptSweep}), safe on many nodes at
 * once. Turned off with {@code switchboard.media.sweep.enabled=false} (the tests sweep by hand, in virtual time).
 */
@Component
@ConditionalOnProperty(name = "switchboard.media.sweep.enabled", havingValue = "true", matchIfMissing = true)
class MediaJobs {

    private final PromptSweep sweep;

    MediaJobs(PromptSweep sweep) {
        this.sweep = sweep;
    }

    @Scheduled(fixedDelayString = "${switchboard.media.sweep.interval:PT1H}", initialDelayString = "PT3M")
    void sweep() {
        sweep.sweep();
    }
}
