package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A session whose sign-in was written by another version of the app (a class renamed or removed, another
 * serialVersionUID after an upgrade) asks its browser to sign in again: every request of it answered 500 until the session
 * expired, as Spring Session's own reading threw.
 */
class WebSessionUnreadableAttributeTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignInThatNoLongerReadsAfterAnUpgradeIsAskedToSignInAgainNotAnError() throws IOException {
        var web = newCompanyOwner("Upgraded Sessions Co");
        assertThat(web.get("/me").status()).isEqualTo(200);
        int changed = jdbc.sql("""
                update spring_session_attributes set attribute_bytes = ?
                where attribute_name = 'SPRING_SECURITY_CONTEXT'
                  and session_primary_id = (select primary_id from spring_session where principal_name = ?)
                """).params(classNoLongerThere(), web.email()).update();
        assertThat(changed).isEqualTo(1);

        var after = web.get("/me");
        assertThat(after.status()).as(after.body()).isEqualTo(302);
        assertThat(after.location()).endsWith("/login");
    }

    /** A list written as Java serialization writes it, its class then renamed: as a class gone after an upgrade reads. */
    private static byte[] classNoLongerThere() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(java.util.List.of("x")));
        }
        var text = bytes.toString(StandardCharsets.ISO_8859_1).replace("java.util.ArrayList", "java.util.ArrayLisX");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
