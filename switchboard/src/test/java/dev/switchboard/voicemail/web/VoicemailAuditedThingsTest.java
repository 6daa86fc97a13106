package dev.switchboard.voicemail.web;

import static dev.switchboard.support.FormWords.assertChoices;

import org.junit.jupiter.api.Test;

/** The Activity page's words for a greeting's type are the Voicemail tab's own: the tab changed, this fails. */
class VoicemailAuditedThingsTest {

    @Test
    void aGreetingsTypeIsSaidAsTheVoicemailTabOffersIt() {
        assertChoices("settings/voicemail", "greetingType", VoicemailAuditedThings.GREETING_TYPES);
    }
}
