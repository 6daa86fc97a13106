package dev.switchboard.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.Speech.Choice;
import org.junit.jupiter.api.Test;

/** Voices and languages named as an owner reads them, each still stored by the id the carrier takes. */
class SpeechTest {

    @Test
    void aPollyVoiceIsNamedByItsNameLanguageAndKindInEitherSpelling() {
        assertThat(Speech.voiceName("Polly.Joanna-Neural")).isEqualTo("Joanna — US English, female (natural)");
        assertThat(Speech.voiceName("AWS.Polly.Joanna-Neural")).isEqualTo("Joanna — US English, female (natural)");
        assertThat(Speech.voiceName("AWS.Polly.Miguel")).isEqualTo("Miguel — US Spanish, male");
        assertThat(Speech.voiceName("polly.amy")).isEqualTo("Amy — British English, female");
        assertThat(Speech.voiceName("female")).isEqualTo("A woman's voice");
        assertThat(Speech.voiceName("AWS.Polly.Hans")).as("a Polly voice the list does not know: its name").isEqualTo("Hans");
        assertThat(Speech.voiceName("Azure.en-CA-ClaraNeural")).as("another provider's: as it is")
                .isEqualTo("Azure.en-CA-ClaraNeural");
    }

    /**
     * A voice named speaks its own language only: the carrier ignores the language sent with it (Telnyx: "ignored when a
     * Polly.* voice is specified"), so a Spanish greeting given Joanna was read in English, saved without a word.
     */
    @Test
    void aNamedVoiceGivenAnotherLanguageIsSaidToReadItsOwn() {
        assertThat(Speech.voiceLanguageMismatch("AWS.Polly.Joanna-Neural", "es-US")).isEqualTo("the voice Joanna speaks US English"
                + " only, so the text is read in US English, not US Spanish: choose a woman's or a man's voice (or a voice of"
                + " US Spanish) to have it read in US Spanish");
        assertThat(Speech.voiceLanguageMismatch("Polly.Lupe", null)).as("no language: US English").contains("speaks US Spanish only");
        assertThat(Speech.voiceLanguageMismatch("AWS.Polly.Joanna", "en-US")).isNull();
        assertThat(Speech.voiceLanguageMismatch("polly.lupe", "es-US")).as("either spelling, any case").isNull();
        assertThat(Speech.voiceLanguageMismatch("female", "de-DE")).as("a woman's voice is the language's own").isNull();
        assertThat(Speech.voiceLanguageMismatch(null, "fr-CA")).isNull();
        assertThat(Speech.voiceLanguageMismatch("AWS.Polly.Hans", "en-US")).as("a voice the list does not know: not judged").isNull();
        assertThat(Speech.voiceLanguageMismatch("Azure.en-CA-ClaraNeural", "fr-CA")).isNull();
    }

    @Test
    void aLanguageIsNamedAsPeopleSayIt() {
        assertThat(Speech.languageName("en-US")).isEqualTo("US English");
        assertThat(Speech.languageName("es-US")).isEqualTo("US Spanish");
        assertThat(Speech.languageName("ja-JP")).as("one not listed, by its locale").isEqualTo("Japanese (Japan)");
        assertThat(Speech.languageName("xx-QQ")).as("nothing better known: as it is").isEqualTo("xx-QQ");
    }

    @Test
    void theChoicesOfferVoicesByNameAndKeepTheStoredOneAsItIs() {
        assertThat(Speech.voiceChoices(null)).contains(new Choice("", "Standard (a woman's voice, in the greeting's language)"),
                new Choice("AWS.Polly.Joanna-Neural", "Joanna — US English, female (natural)"),
                new Choice("AWS.Polly.Joanna", "Joanna — US English, female"))
                .as("Polly has no standard Pedro, only a natural one").doesNotContain(new Choice("AWS.Polly.Pedro", "Pedro — US Spanish, male"));

        var older = Speech.voiceChoices("Polly.Joanna");
        assertThat(older).as("another spelling of an offered voice takes its place, once, stored as it was")
                .contains(new Choice("Polly.Joanna", "Joanna — US English, female"))
                .noneMatch(c -> c.value().equals("AWS.Polly.Joanna"));
        assertThat(older.stream().filter(c -> c.label().equals("Joanna — US English, female"))).hasSize(1);

        assertThat(Speech.voiceChoices("Azure.en-CA-ClaraNeural")).last()
                .isEqualTo(new Choice("Azure.en-CA-ClaraNeural", "Other voice: Azure.en-CA-ClaraNeural"));
        assertThat(Speech.languageChoices("ja-JP")).last().isEqualTo(new Choice("ja-JP", "Japanese (Japan)"));
        assertThat(Speech.languageChoices("en-GB")).filteredOn(c -> c.value().equals("en-GB")).hasSize(1);
    }
}
