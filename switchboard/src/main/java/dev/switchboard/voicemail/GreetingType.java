package dev.switchboard.voicemail;

/** What a caller hears before the beep. */
public enum GreetingType {
    /** The standard "leave a message" prompt, with the member's name for a member's box. */
    DEFAULT,
    /** The box's text, spoken in its voice and language. */
    TEXT_TO_SPEECH,
    /** An uploaded WAV or MP3. */
    AUDIO
}
