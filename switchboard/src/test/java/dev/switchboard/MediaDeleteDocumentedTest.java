package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.media.Media;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DELETE /api/v1/media/{id} refuses a file still played (409 in_use, naming each place) and a caller's voicemail or a
 * call recording (409 state): the OpenAPI document lists that answer, as a problem document, so a client generated from
 * it reads the refusal ({@link ApiContractTest} sends only requests that are accepted or refused for their input).
 */
class MediaDeleteDocumentedTest extends IntegrationTest {

    @Autowired
    Media media;
    @Autowired
    TransactionTemplate tx;

    @Test
    void theConflictsOfDeletingAnAudioFileAreAnswersTheDocumentLists() throws Exception {
        var owner = api().signUpNewCompany("Documented Audio");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var upload = owner.upload("/api/v1/media", "file", "greeting.wav", "audio/wav", TestAudio.wav());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        var file = upload.json().get("file").get("id").asString();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", file)).status())
                .isEqualTo(200);

        var docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        var operation = docs.path("paths").path("/api/v1/media/{id}").path("delete");
        assertThat(operation.path("responses").path("409").path("description").asText()).contains("in_use").contains("state");

        var inUse = owner.delete("/api/v1/media/" + file);
        assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
        assertThat(inUse.errorRule()).isEqualTo("in_use");
        assertThat(ApiContractTest.disagreement(docs, operation, inUse)).isNull();

        var wav = TestAudio.wav();
        var message = TenantContext.callAs(company, () -> tx.execute(s -> media.storeFetched("voicemail", "message.wav", wav)));
        var state = owner.delete("/api/v1/media/" + message.id());
        assertThat(state.status()).as(state.body()).isEqualTo(409);
        assertThat(state.errorRule()).isEqualTo("state");
        assertThat(ApiContractTest.disagreement(docs, operation, state)).isNull();
    }
}
