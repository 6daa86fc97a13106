package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stylesheets, scripts and icon a page loads: kept by the browser and asked for again with their date, answered 304
 * when unchanged (they were sent whole each time, no-store), and served without reading or writing the web session (kept
 * in PostgreSQL: a read and a write of its row each, four or five a page, where the page itself needs one of each).
 */
class StaticFilesTest extends IntegrationTest {

    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/(?:css/|js/|webjars/|favicon)[^\"]+)\"");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPagesFilesAreKeptByTheBrowserAskedForAgainByDateAndServedWithoutTouchingTheSession() {
        var web = newCompanyOwner("Static Files Co");
        var page = web.get("/calls");
        assertThat(page.status()).isEqualTo(200);
        var assets = new ArrayList<String>();
        var m = ASSET.matcher(page.body());
        while (m.find()) {
            assets.add(m.group(1));
        }
        assertThat(assets).as(page.body()).hasSize(5);
        // Open to anyone: the sign-in page loads them too, and one sent to sign in would be the page shown after it.
        var visitor = WebClient.anonymous(port);
        for (var asset : assets) {
            assertThat(visitor.get(asset).status()).as(asset).isEqualTo(200);
        }

        var longAgo = System.currentTimeMillis() - 600_000;
        assertThat(jdbc.sql("update spring_session set last_access_time = ? where principal_name = ?")
                .params(longAgo, web.email()).update()).isEqualTo(1);
        for (var asset : assets) {
            var file = web.get(asset);
            assertThat(file.status()).as(asset).isEqualTo(200);
            assertThat(web.lastHeaders().firstValue("Cache-Control")).as(asset).hasValue("no-cache");
            var date = web.lastHeaders().firstValue("Last-Modified").orElseThrow();
            assertThat(web.get(asset, "If-Modified-Since", date).status()).as(asset + " unchanged since").isEqualTo(304);
        }
        assertThat(web.get("/favicon.svg").status()).isEqualTo(200);
        assertThat(lastAccess(web.email())).as("the session was not read for a file").isEqualTo(longAgo);

        assertThat(web.get("/me").status()).isEqualTo(200);
        assertThat(lastAccess(web.email())).as("a page is a request of the session").isGreaterThan(longAgo);
    }

    private long lastAccess(String email) {
        return jdbc.sql("select last_access_time from spring_session where principal_name = ?").param(email).query(Long.class).single();
    }
}
