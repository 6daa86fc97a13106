package dev.switchboard.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What text-to-speech settings may look like: a voice name ({@code female}, {@code AWS.Polly.Joanna}) and a language
 * ({@code en-US}); and how a person reads them: "Joanna — US English, female (natural)" for {@code
 * AWS.Polly.Joanna-Neural}, "US English" for {@code en-US}. What is stored and sent to the carrier is always the id.
 */
public final class Speech {

    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9._-]{1,60}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");
    /** A Polly voice id as Telnyx takes it ({@code AWS.Polly.Joanna-Neural}) or as written before ({@code Polly.Joanna}). */
    private static final Pattern POLLY = Pattern.compile("(?i)(?:AWS\\.)?Polly\\.([A-Za-z]+)(-Neural)?");

    /** A choice of a form's select: the stored value and what the person reads. */
    public record Choice(String value, String label) {
    }

    private record Voice(String language, String gender, boolean standard, boolean natural) {
    }

    /**
     * Amazon Polly voices a form offers, by name: the language each speaks, a woman's or a man's, and whether Polly
     * has it as a standard voice, a natural-sounding ("neural") one, or both. A name not here is still shown by its
     * language-free name.
     */
    private static final Map<String, Voice> POLLY_VOICES = new LinkedHashMap<>();

    static {
        polly("en-US", "female", true, true, "Joanna", "Salli", "Kendra", "Kimberly");
        polly("en-US", "female", false, true, "Ruth", "Danielle");
        polly("en-US", "male", true, true, "Matthew", "Joey");
        polly("en-US", "male", false, true, "Stephen", "Gregory");
        polly("es-US", "female", true, true, "Lupe");
        polly("es-US", "female", true, false, "Penelope");
        polly("es-US", "male", true, false, "Miguel");
        polly("es-US", "male", false, true, "Pedro");
        polly("en-GB", "female", true, true, "Amy", "Emma");
        polly("en-GB", "male", true, true, "Brian");
        polly("fr-CA", "female", true, false, "Chantal");
        polly("fr-CA", "female", false, true, "Gabrielle");
        polly("es-MX", "female", true, true, "Mia");
    }

    private static void polly(String language, String gender, boolean standard, boolean natural, String... names) {
        for (var name : names) {
            POLLY_VOICES.put(name, new Voice(language, gender, standard, natural));
        }
    }

    /** Languages a form offers, with the names people know them by (others are named by {@link Locale}). */
    private static final Map<String, String> LANGUAGES = new LinkedHashMap<>();

    static {
        LANGUAGES.put("en-US", "US English");
        LANGUAGES.put("es-US", "US Spanish");
        LANGUAGES.put("en-GB", "British English");
        LANGUAGES.put("en-AU", "Australian English");
        LANGUAGES.put("en-IN", "Indian English");
        LANGUAGES.put("es-MX", "Mexican Spanish");
        LANGUAGES.put("es-ES", "Spanish (Spain)");
        LANGUAGES.put("fr-CA", "Canadian French");
        LANGUAGES.put("fr-FR", "French (France)");
        LANGUAGES.put("pt-BR", "Brazilian Portuguese");
        LANGUAGES.put("de-DE", "German");
        LANGUAGES.put("it-IT", "Italian");
        LANGUAGES.put("cmn-CN", "Chinese (Mandarin)");
        LANGUAGES.put("ko-KR", "Korean");
        LANGUAGES.put("ru-RU", "Russian");
        LANGUAGES.put("pl-PL", "Polish");
    }

    /** What a refused voice is told (the API's problem and a form's error beside the field alike). */
    public static final String NOT_A_VOICE = "must be a voice's name, such as female, male or AWS.Polly.Joanna "
            + "(letters, digits, dots and dashes only)";
    /** What a refused language is told. */
    public static final String NOT_A_LANGUAGE = "must be a language code such as en-US (US English) or es-US (US Spanish)";

    private Speech() {
    }

    public static boolean isVoice(String voice) {
        return voice != null && VOICE.matcher(voice).matches();
    }

    public static boolean isLanguage(String language) {
        return language != null && LANGUAGE.matcher(language).matches();
    }

    /**
     * A voice as a person reads it: "Joanna — US English, female (natural)" for {@code AWS.Polly.Joanna-Neural} (or
     * {@code Polly.Joanna-Neural}), "A woman's voice" for {@code female}; any other id as it is.
     */
    public static String voiceName(String voice) {
        if (voice == null || voice.isBlank()) {
            return "The standard voice (a woman's)";
        }
        var v = voice.strip();
        if (v.equalsIgnoreCase("female")) {
            return "A woman's voice";
        }
        if (v.equalsIgnoreCase("male")) {
            return "A man's voice";
        }
        var polly = POLLY.matcher(v);
        if (polly.matches()) {
            var name = polly.group(1);
            var known = POLLY_VOICES.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst();
            var natural = polly.group(2) != null ? " (natural)" : "";
            return known.map(e -> e.getKey() + " — " + languageName(e.getValue().language()) + ", " + e.getValue().gender() + natural)
                    .orElse(name + natural);
        }
        return v;
    }

    /**
     * What is wrong with reading a text in {@code language} (null: US English) by {@code voice}, or null when nothing is: a
     * voice named (Polly's Joanna, Lupe...) speaks its own language only, and the carrier ignores the language sent with it
     * (Telnyx's speak: "This parameter is ignored when a Polly.* voice is specified"), so a Spanish greeting given Joanna is
     * read with an American English voice, whatever the language chosen. A woman's or a man's voice (or none) is the
     * language's own; a voice not in the list is not judged.
     */
    public static String voiceLanguageMismatch(String voice, String language) {
        if (voice == null || voice.isBlank()) {
            return null;
        }
        var polly = POLLY.matcher(voice.strip());
        if (!polly.matches()) {
            return null;
        }
        var known = POLLY_VOICES.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(polly.group(1))).findFirst();
        var chosen = language == null || language.isBlank() ? "en-US" : language.strip();
        if (known.isEmpty() || known.get().getValue().language().equalsIgnoreCase(chosen)) {
            return null;
        }
        var speaks = known.get().getValue().language();
        return "the voice " + known.get().getKey() + " speaks " + languageName(speaks) + " only, so the text is read in "
                + languageName(speaks) + ", not " + languageName(chosen) + ": choose a woman's or a man's voice (or a voice of "
                + languageName(chosen) + ") to have it read in " + languageName(chosen);
    }

    /** A language as a person reads it: "US English" for {@code en-US}, "Japanese (Japan)" for {@code ja-JP}; unreadable as it is. */
    public static String languageName(String language) {
        if (language == null || language.isBlank()) {
            return "US English";
        }
        var known = LANGUAGES.get(language.strip());
        if (known != null) {
            return known;
        }
        var locale = Locale.forLanguageTag(language.strip());
        // A language Java has no name for ("xx") is shown as its code, not as "xx (QQ)".
        var unnamed = locale.getLanguage().isEmpty() || locale.getDisplayLanguage(Locale.US).equalsIgnoreCase(locale.getLanguage());
        return unnamed ? language.strip() : locale.getDisplayName(Locale.US);
    }

    /**
     * The voices a greeting's form offers, the standard one first ({@code ""}), then a woman's and a man's in the
     * greeting's language, then Polly's by name; {@code current} among them as "Other voice: ..." when it is none of
     * these (set through the API, or typed wrong and being corrected), so that saving the form again keeps it.
     */
    public static List<Choice> voiceChoices(String current) {
        var choices = new ArrayList<Choice>();
        choices.add(new Choice("", "Standard (a woman's voice, in the greeting's language)"));
        choices.add(new Choice("female", "A woman's voice, in the greeting's language"));
        choices.add(new Choice("male", "A man's voice, in the greeting's language"));
        POLLY_VOICES.forEach((name, v) -> {
            if (v.standard()) {
                choices.add(new Choice("AWS.Polly." + name, voiceName("AWS.Polly." + name)));
            }
            if (v.natural()) {
                choices.add(new Choice("AWS.Polly." + name + "-Neural", voiceName("AWS.Polly." + name + "-Neural")));
            }
        });
        return withCurrent(choices, current, canonical(current), "Other voice: ", voiceName(current));
    }

    /** The languages a greeting's form offers, US English (the standard) first; {@code current} among them as with voices. */
    public static List<Choice> languageChoices(String current) {
        var choices = new ArrayList<Choice>();
        choices.add(new Choice("", "Standard (US English)"));
        LANGUAGES.forEach((tag, name) -> choices.add(new Choice(tag, name)));
        return withCurrent(choices, current, current, "Other language: ", languageName(current));
    }

    /**
     * {@code choices} with {@code current} selectable as it is stored: in place of the offered choice it is another
     * spelling of ({@code Polly.Joanna} for {@code AWS.Polly.Joanna}), else added at the end by its name ({@code other}
     * and the id when it has none).
     */
    private static List<Choice> withCurrent(List<Choice> choices, String current, String same, String other, String name) {
        if (current == null || current.isBlank() || choices.stream().anyMatch(c -> c.value().equals(current))) {
            return List.copyOf(choices);
        }
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).value().equalsIgnoreCase(same)) {
                choices.set(i, new Choice(current, choices.get(i).label()));
                return List.copyOf(choices);
            }
        }
        choices.add(new Choice(current, name.equals(current.strip()) ? other + current : name));
        return List.copyOf(choices);
    }

    /** A Polly voice as the form offers it ({@code AWS.Polly.Joanna-Neural}); any other voice as it is. */
    private static String canonical(String voice) {
        if (voice == null) {
            return null;
        }
        var polly = POLLY.matcher(voice.strip());
        return polly.matches() ? "AWS.Polly." + polly.group(1) + (polly.group(2) == null ? "" : "-Neural") : voice.strip();
    }
}
