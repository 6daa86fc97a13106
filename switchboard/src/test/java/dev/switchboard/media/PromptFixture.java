package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** A company's uploaded prompts and the holidays that play them, for the tests of what becomes of prompts nothing uses. */
record PromptFixture(ApiClient owner, CompanyId company, Media media, TransactionTemplate tx, byte[] wav) {

    UUID upload() {
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "greeting.wav", "audio/wav", wav);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        return UUID.fromString(uploaded.json().get("file").get("id").asString());
    }

    String holiday(String name, String date, UUID greeting) {
        var created = owner.post("/api/v1/holidays", Map.of("name", name, "date", date, "recurrence", "YEARLY",
                "greeting_media_id", greeting));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** Whether the file is still there: its row, and its bytes in the media folder. */
    boolean stored(UUID id) {
        return TenantContext.callAs(company, () -> {
            boolean row = tx.execute(s -> media.find(id).isPresent());
            boolean bytes = Files.exists(media.fileOf(id));
            assertThat(bytes).as("row and bytes go together").isEqualTo(row);
            return row;
        });
    }
}
