package dev.switchboard.queue.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Activity page's words for queues are the queue form's own: the form changed, this fails. */
class QueueAuditedThingsTest {

    @Test
    void aQueuesFieldsAndStrategiesAreSaidAsTheQueueFormSaysThem() {
        assertLabels("queues/form", QueueAuditedThings.LABELS, Map.of("hold_media_id", "holdMusicFile"));
        assertChoices("queues/form", "strategy", QueueAuditedThings.STRATEGIES);
    }
}
