package dev.switchboard.voicemail.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Activity page's words for a mailbox are the Voicemail tab's own: the tab changed, this fails. */
class VoicemailAuditedThingsTest {

    @Test
    void aGreetingsTypeIsSaidAsTheVoicemailTabOffersIt() {
        assertChoices("settings/voicemail", "greetingType", VoicemailAuditedThings.GREETING_TYPES);
    }

    @Test
    void aMailboxsSettingsAreLabelledAsTheVoicemailTabLabelsThem() {
        assertLabels("settings/voicemail", VoicemailAuditedThings.LABELS, Map.of("greeting_media_id", "greetingFile",
                "retention_days", "retention"));
    }
}
