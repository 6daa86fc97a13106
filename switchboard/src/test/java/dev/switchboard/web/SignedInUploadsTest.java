package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import dev.switchboard.support.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An upload to a page is read only once the sender is known to be signed in and the CSRF token (in the form's
 * address or a header, never the body) is right: anyone could otherwise make the server read, and write to disk, up
 * to the multipart limit. Proved by bodies the server could not read (not multipart at all, a file's name it
 * refuses, a declared size over the limit) being refused exactly as a small valid one is: had the body been read,
 * each would have its own answer (400 naming the problem, 413).
 */
class SignedInUploadsTest extends IntegrationTest {

    private static final String BOUNDARY = "----switchboard-test";

    /** The pages that take a file (each POST that creates or saves a form with a file field). */
    private static final String[] UPLOAD_PAGES = {"/settings/communications/phone/voicemail",
            "/settings/communications/phone/holidays", "/settings/communications/phone/call-flows", "/queues"};

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    /** Bodies the server would answer each in its own way, had it read them. */
    private static Map<String, byte[]> bodies() throws Exception {
        var bodies = new LinkedHashMap<String, byte[]>();
        bodies.put("a small valid upload", WebClient.multipart(BOUNDARY, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(),
                "greetingType", "AUDIO"));
        bodies.put("a body that is not multipart", "this is no multipart body at all".getBytes(StandardCharsets.UTF_8));
        bodies.put("a file's name with the NUL character", WebClient.multipart(BOUNDARY, "greetingFile", "hello\u0000.wav",
                "audio/wav", TestAudio.wav()));
        bodies.put("a body over the 21 MB limit", WebClient.multipart(BOUNDARY, "greetingFile", "big.wav", "audio/wav",
                new byte[25_000_000]));
        return bodies;
    }

    private long mediaFiles(WebClient web) {
        var company = CompanyId.of(web.companyId());
        return TenantContext.callAs(company, () -> tx.execute(s -> jdbc
                .sql("select count(*) from media_files where company_id = :c").param("c", company.value()).query(Long.class).single()));
    }

    /** The names of the company's stored files, the latest last. */
    private java.util.List<String> mediaNames(WebClient web) {
        var company = CompanyId.of(web.companyId());
        return TenantContext.callAs(company, () -> tx.execute(s -> jdbc
                .sql("select original_name from media_files where company_id = :c order by created_at").param("c", company.value())
                .query(String.class).list()));
    }

    @Test
    void anUploadFromSomeoneNotSignedInIsSentToSignInWithoutItsBodyBeingRead() throws Exception {
        for (var page : UPLOAD_PAGES) {
            for (var body : bodies().entrySet()) {
                // No session at all: the CSRF check read the body for a token (and, before it, the parameter check did).
                var nobody = WebClient.anonymous(port).postMultipart(page, "multipart/form-data; boundary=" + BOUNDARY, body.getValue());
                assertThat(nobody.status()).as(page + ": " + body.getKey()).isEqualTo(302);
                assertThat(nobody.location()).as(page + ": " + body.getKey()).endsWith("/login");

                // A session of the sign-in page, its token in the address: the check passes, and the user is still nobody.
                var visitor = WebClient.anonymous(port);
                visitor.get("/login");
                var withToken = visitor.postMultipart(page + "?_csrf=" + visitor.csrfToken(),
                        "multipart/form-data; boundary=" + BOUNDARY, body.getValue(), "X-CSRF-TOKEN", visitor.csrfToken());
                assertThat(withToken.status()).as(page + " with a token: " + body.getKey()).isEqualTo(302);
                assertThat(withToken.location()).as(page + " with a token: " + body.getKey()).endsWith("/login");
            }
        }
    }

    @Test
    void theSignInAndSignUpFormsDoNotReadAnUploadEither() throws Exception {
        // Open to anyone, so only being signed in keeps their uploads unread (the sign-in filter reads its fields).
        for (var page : new String[] {"/login", "/signup"}) {
            for (var body : bodies().entrySet()) {
                var visitor = WebClient.anonymous(port);
                visitor.get("/login");
                var sent = visitor.postMultipart(page + "?_csrf=" + visitor.csrfToken(), "multipart/form-data; boundary=" + BOUNDARY,
                        body.getValue(), "X-CSRF-TOKEN", visitor.csrfToken());
                assertThat(sent.status()).as(page + ": " + body.getKey()).isEqualTo(302);
                assertThat(sent.location()).as(page + ": " + body.getKey()).endsWith("/login");
            }
        }
        // An htmx request is told where to sign in instead (it would swap the page into its target).
        var htmx = WebClient.anonymous(port).postMultipart("/queues", "multipart/form-data; boundary=" + BOUNDARY,
                bodies().get("a small valid upload"), "HX-Request", "true");
        assertThat(htmx.status()).isEqualTo(401);
    }

    @Test
    void aDisabledUsersOpenSessionIsSignedOutBeforeTheSignInOrSignUpFormCouldReadItsUpload() throws Exception {
        // Open to anyone, those two forms read an upload of whoever the session says is signed in; a user disabled since
        // counts as signed out at once, before that (their session ended), so theirs is sent to sign in unread too.
        var owner = api().signUpNewCompany("Disabled Uploader Co");
        for (var page : new String[] {"/login", "/signup"}) {
            for (var body : bodies().entrySet()) {
                var email = "disabled-" + java.util.UUID.randomUUID() + "@test.example";
                var created = owner.post("/api/v1/users", Map.of("email", email, "password", "their-password", "role", "ADMIN"));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                var web = webLogin(email, "their-password");
                web.get("/me");
                var token = web.csrfToken();
                assertThat(owner.put("/api/v1/users/" + created.json().get("id").asString(), Map.of("enabled", false)).status())
                        .isEqualTo(200);

                var sent = web.postMultipart(page + "?_csrf=" + token, "multipart/form-data; boundary=" + BOUNDARY, body.getValue(),
                        "X-CSRF-TOKEN", token);
                assertThat(sent.status()).as(page + ": " + body.getKey()).isEqualTo(302);
                assertThat(sent.location()).as(page + ": " + body.getKey()).endsWith("/login");
                // The session is over: its token is no longer the session's (a form sent with it is refused).
                var stale = web.post("/logout");
                assertThat(stale.status()).as(page + ": " + body.getKey() + ", then its old token").isEqualTo(403);
            }
        }
    }

    @Test
    void aSignedInUploadWithoutTheTokenInItsAddressOrAHeaderIsRefusedUnreadAndChangesNothing() throws Exception {
        var web = newCompanyOwner("Tokenless Uploads Co");
        var page = "/settings/communications/phone/voicemail";
        web.get(page);
        var token = web.csrfToken();
        var fields = new String[] {"greetingType", "TEXT_TO_SPEECH", "greetingText", "NOT SAVED WITHOUT A TOKEN", "retention", "90",
                "maxMessageSeconds", "120"};
        // The token only in the body, as forms send it: the check does not read an upload's body, so it is missing.
        var inBody = new String[fields.length + 2];
        System.arraycopy(fields, 0, inBody, 0, fields.length);
        inBody[fields.length] = "_csrf";
        inBody[fields.length + 1] = token;
        var bodyOnly = web.postMultipart(page, "multipart/form-data; boundary=" + BOUNDARY,
                WebClient.multipart(BOUNDARY, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(), inBody));
        assertThat(bodyOnly.status()).isEqualTo(403);
        var none = web.postMultipart(page, "multipart/form-data; boundary=" + BOUNDARY,
                WebClient.multipart(BOUNDARY, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(), fields));
        assertThat(none.status()).isEqualTo(403);
        var wrong = web.postMultipart(page + "?_csrf=not-the-token", "multipart/form-data; boundary=" + BOUNDARY,
                WebClient.multipart(BOUNDARY, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(), fields));
        assertThat(wrong.status()).isEqualTo(403);
        // Refused before the body is read: a body the server could not read gets the same answer.
        for (var body : bodies().entrySet()) {
            var unread = web.postMultipart(page, "multipart/form-data; boundary=" + BOUNDARY, body.getValue());
            assertThat(unread.status()).as(body.getKey()).isEqualTo(403);
        }
        assertThat(web.get(page).body()).doesNotContain("NOT SAVED WITHOUT A TOKEN");
        assertThat(mediaFiles(web)).isZero();

        // With the token in the form's address (as the upload forms send it), or in the header htmx sends: saved.
        web.get(page);
        var saved = web.postFile(page, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(), "greetingType", "AUDIO",
                "retention", "90", "maxMessageSeconds", "120");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(mediaNames(web)).containsExactly("hello.wav");
        web.get(page);
        var byHeader = web.postMultipart(page, "multipart/form-data; boundary=" + BOUNDARY,
                WebClient.multipart(BOUNDARY, "greetingFile", "again.wav", "audio/wav", TestAudio.wav(), "greetingType", "AUDIO",
                        "retention", "90", "maxMessageSeconds", "120"), "X-CSRF-TOKEN", web.csrfToken());
        assertThat(byHeader.status()).as(byHeader.body()).isEqualTo(302);
        assertThat(mediaNames(web)).last().isEqualTo("again.wav");
    }

    @Test
    void anUploadToAPageTheUsersRoleMayNotChangeIsRefusedUnread() throws Exception {
        var agent = webLogin("aisha@demo.test", "demo-agent");
        agent.get("/me");
        for (var body : bodies().entrySet()) {
            var refused = agent.postMultipart("/settings/communications/phone/voicemail?_csrf=" + agent.csrfToken(),
                    "multipart/form-data; boundary=" + BOUNDARY, body.getValue());
            assertThat(refused.status()).as(body.getKey()).isEqualTo(403);
        }
    }

    @Test
    void theUploadFormsPutTheTokenInTheirAddress() throws Exception {
        var web = newCompanyOwner("Upload Forms Co");
        for (var page : new String[] {"/settings/communications/phone/voicemail", "/settings/communications/phone/holidays/new",
                "/settings/communications/phone/call-flows/new", "/queues/new"}) {
            var html = web.get(page).body();
            assertThat(html).as(page).containsPattern("<form (?=[^>]*enctype=\"multipart/form-data\")[^>]*action=\"[^\"]*\\?_csrf=[^\"]+\"");
        }
    }
}
