package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page is sent with a Content-Security-Policy that runs only this app's own script files: a script slipped into a
 * page (were any escaping ever missed) does not run, and no other site frames a page. The pages keep working under it
 * because none has an inline script or event handler ({@code onsubmit}, {@code onclick}...): their behaviour is in
 * {@code /js/app.js} (BrowserTest walks them in Chromium and fails on anything the policy refused).
 */
class ContentSecurityPolicyTest extends IntegrationTest {

    private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);

    @Test
    void everyPageIsSentWithThePolicyAndTheLoginPageToo() {
        var web = newCompanyOwner("Policy Plumbing");
        for (var page : List.of("/me", "/calls", "/customers", "/settings/communications/phone/voicemail", "/settings/team/tokens")) {
            var response = web.get(page);
            assertThat(response.status()).as(page).isEqualTo(200);
            var policy = web.lastHeaders().firstValue("Content-Security-Policy").orElse(null);
            assertThat(policy).as(page).contains("script-src 'self';").contains("media-src 'self' https:;").contains("object-src 'none'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline");
        }
        var anonymous = WebClient.anonymous(port);
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
        assertThat(anonymous.lastHeaders().firstValue("Content-Security-Policy").orElse(null)).contains("script-src 'self';");
    }

    @Test
    void noTemplateHasAnInlineScriptOrEventHandler() throws IOException {
        var templates = Path.of("src/main/resources/templates");
        assertThat(templates).isDirectory();
        try (Stream<Path> files = Files.walk(templates)) {
            var found = files.filter(f -> f.toString().endsWith(".html")).flatMap(f -> {
                try {
                    var text = Files.readString(f);
                    return Stream.concat(INLINE_HANDLER.matcher(text).results(), INLINE_SCRIPT.matcher(text).results())
                            .map(m -> templates.relativize(f) + ": " + m.group().strip());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(found).as("the policy would refuse these: move them to /js/app.js").isEmpty();
        }
    }
}
