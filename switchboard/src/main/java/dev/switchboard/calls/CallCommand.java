package dev.switchboard.calls;


/**
 * What the engine asks the carrier to do with a call leg, in our words. The carrier adapter turns each
 * into its API's request.
 */
public sealed interface CallCommand {

    /** Answer a parked incoming leg; record from answer when asked. */
    record Answer(boolean record) implements CallCommand {
    }

    record Hangup() implements CallCommand {
    }

    /** Refuse an incoming leg; {@code busy} answers "user busy" rather than "call rejected". */
    record Reject(boolean busy) implements CallCommand {
    }

    /** Speak text in a voice and language (for example {@code female}, {@code en-US}). */
    record Speak(String text, String voice, String language) implements CallCommand {
    }

    /** Play audio from a URL the carrier can fetch (a signed media URL). */
    record Play(String audioUrl, boolean loop) implements CallCommand {
    }

    /**
     * Speak a prompt and collect digits; {@code validDigits} are the only keys taken (null: any); {@code interDigitMillis}
     * how long after a key the entry is taken as complete when fewer than the most were pressed (0: the carrier's default).
     */
    record GatherWithSpeech(String text, String voice, String language, int minDigits, int maxDigits, int timeoutMillis,
            String terminatingDigit, String validDigits, int interDigitMillis) implements CallCommand {
        public GatherWithSpeech(String text, String voice, String language, int minDigits, int maxDigits, int timeoutMillis,
                String terminatingDigit) {
            this(text, voice, language, minDigits, maxDigits, timeoutMillis, terminatingDigit, null, 0);
        }

        public GatherWithSpeech(String text, String voice, String language, int minDigits, int maxDigits, int timeoutMillis,
                String terminatingDigit, String validDigits) {
            this(text, voice, language, minDigits, maxDigits, timeoutMillis, terminatingDigit, validDigits, 0);
        }
    }

    /** Play audio and collect digits ({@code interDigitMillis} as for {@link GatherWithSpeech}). */
    record GatherWithAudio(String audioUrl, int minDigits, int maxDigits, int timeoutMillis, String terminatingDigit, int interDigitMillis)
            implements CallCommand {
        public GatherWithAudio(String audioUrl, int minDigits, int maxDigits, int timeoutMillis, String terminatingDigit) {
            this(audioUrl, minDigits, maxDigits, timeoutMillis, terminatingDigit, 0);
        }
    }

    /**
     * Ring {@code to} (one E.164 number or SIP address: Telnyx's transfer takes a single string, unlike a dial)
     * and bridge on answer; {@code targetClientState} is attached to the new leg. With {@code detectMachine} the carrier
     * says once it answers whether a person or an answering machine picked up.
     */
    record Transfer(String to, String from, int timeoutSeconds, String targetClientState, boolean detectMachine) implements CallCommand {
        public Transfer(String to, String from, int timeoutSeconds, String targetClientState) {
            this(to, from, timeoutSeconds, targetClientState, false);
        }
    }

    /**
     * Connect this leg with another live leg. With {@code ringtone} the other leg may still be ringing:
     * this leg hears a ringtone until it answers (and nothing is lost of its first words). With
     * {@code parkAfterUnbridge} this leg stays up, parked, when the other one goes away (a phone that is
     * not answered), instead of hanging up with it.
     */
    record Bridge(String otherLegId, boolean ringtone, boolean parkAfterUnbridge) implements CallCommand {
        public Bridge(String otherLegId) {
            this(otherLegId, false, false);
        }
    }

    /**
     * Records the leg (at most {@code maxSeconds}, 0 for no limit). With {@code transcribe} the carrier
     * also transcribes the recording once it is saved, in {@code transcriptionLanguage} (a language tag
     * such as {@code en-US}; null for the carrier's default).
     */
    record RecordStart(boolean beep, int maxSeconds, boolean transcribe, String transcriptionLanguage) implements CallCommand {
        public RecordStart(boolean beep, int maxSeconds) {
            this(beep, maxSeconds, false, null);
        }
    }

    record RecordStop() implements CallCommand {
    }

    record StopPrompt() implements CallCommand {
    }

    /**
     * Play touch tones to the party on the leg ({@code 0-9}, {@code *}, {@code #}; {@code w} a half-second pause): the
     * extension of a number called out, once it answers.
     */
    record SendDtmf(String digits) implements CallCommand {
    }
}
