package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A signed media URL serves the file's bytes; one whose file is not in this node's media folder (a node with a folder of
 * its own, not the one the file was stored in) is not found, never a 200 with the file's length and no body, which the
 * carrier played as silence.
 */
class MediaServedTest extends IntegrationTest {

    @Autowired
    Media media;
    @Autowired
    TransactionTemplate tx;

    ApiClient owner;
    CompanyId company;
    PromptFixture prompts;

    @BeforeEach
    void company() throws Exception {
        owner = api().signUpNewCompany("Audio Served " + UUID.randomUUID());
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        prompts = new PromptFixture(owner, company, media, tx, TestAudio.wav());
    }

    @Test
    void aSignedUrlServesTheBytesAndOneWhoseFileThisNodeLacksIsNotFound() throws Exception {
        var file = prompts.upload();
        var url = TenantContext.callAs(company, () -> media.signedPath(file, java.time.Duration.ofMinutes(5)));
        var served = api().getBytes(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(TestAudio.wav());

        Files.delete(TenantContext.callAs(company, () -> media.fileOf(file))); // as on a node whose folder never had it
        var missing = api().getBytes(url);
        assertThat(missing.statusCode()).as("not found, not a 200 with the file's length and no body").isEqualTo(404);
    }
}
