package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a template's form says of a field or a choice, read from the template itself, so a copy of those words kept in
 * Java (the Activity page's, which names fields and codes as the forms do) is checked against them and cannot drift.
 */
public final class FormWords {

    private FormWords() {
    }

    /**
     * The template {@code path} (under templates/, without .html) as it is shipped, followed by the fragment templates it
     * includes ({@code ~{fragments/greeting :: fields(...)}}): a field a page takes from a shared fragment is still its own.
     * The page's own words come first, so they are the ones found.
     */
    public static String template(String path) {
        var html = new StringBuilder(read(path));
        var included = new java.util.LinkedHashSet<String>();
        var m = Pattern.compile("~\\{(fragments/[\\w-]+)\\s*::").matcher(html);
        while (m.find()) {
            if (!m.group(1).equals(path)) {
                included.add(m.group(1));
            }
        }
        included.forEach(f -> html.append('\n').append(read(f)));
        return html.toString();
    }

    private static String read(String path) {
        try (var in = FormWords.class.getResourceAsStream("/templates/" + path + ".html")) {
            assertThat(in).as("template " + path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The words of the field the form sends as {@code name}: its {@code <label for>}, or the text of the label its
     * checkbox sits in; with {@code value}, the words of that option or radio button. Null when the form has none.
     */
    public static String of(String html, String name, String value) {
        var patterns = value == null
                ? new String[] {"<label for=\"" + Pattern.quote(name) + "\">([^<]*)",
                        "<label><input[^>]* name=\"" + Pattern.quote(name) + "\"[^>]*>\\s*([^<]+)"}
                : new String[] {"<option value=\"" + Pattern.quote(value) + "\"[^>]*>([^<]*)</option>",
                        "name=\"" + Pattern.quote(name) + "\" value=\"" + Pattern.quote(value) + "\"[^>]*>\\s*([^<]+)</label>"};
        for (var p : patterns) {
            var m = Pattern.compile(p).matcher(html);
            if (m.find()) {
                return m.group(1).replaceAll("\\s+", " ").strip();
            }
        }
        return null;
    }

    /** Every field's words (by its JSON key) are the form's own label for it, with or without its hints in brackets; the field by default named in camel case. */
    public static void assertLabels(String template, Map<String, String> words, Map<String, String> formNames) {
        var html = template(template);
        words.forEach((key, said) -> {
            var name = formNames.getOrDefault(key, camel(key));
            var label = of(html, name, null);
            assertThat(label).as("%s's label of %s (%s)", template, key, name).isNotNull();
            // Hints in brackets ("(15 to 90 s)") are the form's help, which the words may leave out; a word in brackets
            // ("(DID)") is the field's name.
            assertThat(said).as("%s's label of %s", template, key)
                    .isIn(label, label.replaceAll("\\s*\\([^)]*\\s[^)]*\\)", "").strip());
        });
    }

    /** Every code's words are the words the form offers it with, before any colon ({@code name} the field's). */
    public static void assertChoices(String template, String name, Map<String, String> words) {
        var html = template(template);
        words.forEach((code, said) -> {
            var offered = of(html, name, code);
            assertThat(offered).as("%s's words for %s", template, code).isNotNull();
            // What follows a colon explains the choice ("Ring all: every free member at once").
            assertThat(offered.split(":")[0].strip()).as("%s's words for %s", template, code).isEqualTo(said);
        });
    }

    static String camel(String key) {
        var m = Pattern.compile("_([a-z])").matcher(key);
        return m.replaceAll(r -> r.group(1).toUpperCase());
    }
}
