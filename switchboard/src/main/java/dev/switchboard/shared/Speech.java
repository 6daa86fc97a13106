package dev.switchboard.shared;

import java.util.regex.Pattern;

/** What text-to-speech settings may look like: a voice name ({@code female}, {@code Polly.Joanna}) and a language ({@code en-US}). */
public final class Speech {

    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9._-]{1,60}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

    private Speech() {
    }

    public static boolean isVoice(String voice) {
        return voice != null && VOICE.matcher(voice).matches();
    }

    public static boolean isLanguage(String language) {
        return language != null && LANGUAGE.matcher(language).matches();
    }
}
