package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import dev.switchboard.support.WebClient;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GET /api/v1/media comes in pages as the other lists do (the call log, voicemail messages): limit (1 to 500), a Link
 * rel=next on a full page, before_created_at and before_id of the page's last file for the next one; bad parameters
 * are refused naming them.
 */
class MediaListTest extends IntegrationTest {

    @Autowired
    Media media;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    ApiClient owner;
    CompanyId company;
    PromptFixture prompts;

    @BeforeEach
    void company() throws Exception {
        owner = api().signUpNewCompany("Audio Pages " + UUID.randomUUID());
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        prompts = new PromptFixture(owner, company, media, tx, TestAudio.wav());
    }

    private static List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().findValuesAsString("id");
    }

    @Test
    void aLongListComesInPagesNewestFirstWithEveryFileOnce() {
        var uploaded = new ArrayList<UUID>();
        for (int i = 0; i < 5; i++) {
            uploaded.add(prompts.upload());
        }
        // Four of the five uploaded at the same instant: the pages still give each file once, in the list's order.
        var same = Timestamp.from(Instant.parse("2026-01-02T03:04:05.123456Z"));
        TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("update media_files set created_at = :t where company_id = :c"
                + " and id in (:ids)").param("t", same).param("c", company.value()).param("ids", uploaded.subList(0, 4)).update()));
        var all = ids(owner.get("/api/v1/media"));
        assertThat(all).hasSize(5).startsWith(uploaded.get(4).toString());
        assertThat(owner.get("/api/v1/media").header("Link")).as("a page that is not full is the last").isNull();

        var paged = new ArrayList<String>();
        var page = owner.get("/api/v1/media?limit=2");
        int pages = 1;
        while (true) {
            var onPage = ids(page);
            assertThat(onPage.size()).isLessThanOrEqualTo(2);
            paged.addAll(onPage);
            var link = page.header("Link");
            if (link == null) {
                break;
            }
            assertThat(link).endsWith(">; rel=\"next\"").contains("limit=2").contains("before_id=").contains("before_created_at=");
            page = owner.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
            pages++;
        }
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        var file = prompts.upload();
        for (var limit : List.of("0", "-1", "501")) {
            var bad = owner.get("/api/v1/media?limit=" + limit);
            assertThat(bad.status()).as(limit).isEqualTo(422);
            assertThat(bad.errorField()).isEqualTo("limit");
        }
        var half = owner.get("/api/v1/media?before_id=" + file);
        assertThat(half.status()).isEqualTo(422);
        assertThat(half.errorField()).isEqualTo("before_id");
        assertThat(half.body()).contains("before_created_at and before_id go together");
        // Instants PostgreSQL cannot hold: refused naming the field, as the call log's cursor.
        var far = owner.get("/api/v1/media?before_created_at=%2B999999-01-01T00:00:00Z&before_id=" + file);
        assertThat(far.status()).as(far.body()).isEqualTo(422);
        assertThat(far.errorField()).isEqualTo("before_created_at");
        var notATime = owner.get("/api/v1/media?before_created_at=yesterday&before_id=" + file);
        assertThat(notATime.status()).isEqualTo(400);
        assertThat(notATime.errorField()).isEqualTo("before_created_at");
        var notANumber = owner.get("/api/v1/media?limit=ten");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.errorField()).isEqualTo("limit");
    }

    /** The ids of the files a page of the Audio files tab lists (each row's delete form), in its order. */
    private static List<String> rows(WebClient.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        var m = Pattern.compile("phone/audio/([0-9a-f-]{36})/delete").matcher(page.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The address of a page's "Older files" link, or null when there is none. */
    private static String older(WebClient.Page page) {
        var m = Pattern.compile("href=\"([^\"]*)\"[^>]*>Older files</a>").matcher(page.body());
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    /**
     * The Audio files tab lists the files in pages as the call log lists calls (50 a page, or size; an "Older files"
     * link after the last row, its rows added in place by htmx), every file once even when several share an instant;
     * a cursor it cannot use is refused naming it, listing nothing.
     */
    @Test
    void theAudioFilesTabComesInPagesWithAnOlderFilesLink() {
        var uploaded = new ArrayList<UUID>();
        for (int i = 0; i < 5; i++) {
            uploaded.add(prompts.upload());
        }
        var same = Timestamp.from(Instant.parse("2026-01-02T03:04:05.123456Z"));
        TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("update media_files set created_at = :t where company_id = :c"
                + " and id in (:ids)").param("t", same).param("c", company.value()).param("ids", uploaded.subList(0, 4)).update()));
        var all = ids(owner.get("/api/v1/media"));
        var web = webLogin(owner.email(), "correct-horse");

        var whole = web.get("/settings/communications/phone/audio");
        assertThat(rows(whole)).as("five files are within one page").containsExactlyElementsOf(all);
        assertThat(older(whole)).isNull();

        var paged = new ArrayList<String>();
        var page = web.get("/settings/communications/phone/audio?size=2");
        int pages = 1;
        while (true) {
            var onPage = rows(page);
            assertThat(onPage.size()).isLessThanOrEqualTo(2);
            paged.addAll(onPage);
            var next = older(page);
            if (next == null) {
                break;
            }
            assertThat(next).startsWith("/settings/communications/phone/audio?size=2&beforeCreatedAt=").contains("&beforeId=");
            // As htmx asks for it: only the older rows (with the next link), to go in place of the link.
            var fragment = web.htmxGet(next);
            assertThat(fragment.body()).doesNotContain("<main").contains("class=\"audio-row\"");
            assertThat(rows(fragment)).isEqualTo(rows(web.get(next)));
            page = web.get(next);
            pages++;
        }
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(3);

        var half = web.get("/settings/communications/phone/audio?beforeId=" + uploaded.getFirst());
        assertThat(half.status()).isEqualTo(422);
        assertThat(half.body()).contains("beforeId: before_created_at and before_id go together");
        assertThat(half.body()).doesNotContain("class=\"audio-row\"");
        var far = web.get("/settings/communications/phone/audio?beforeCreatedAt=%2B999999-01-01T00:00:00Z&beforeId=" + uploaded.getFirst());
        assertThat(far.status()).isEqualTo(422);
        assertThat(far.body()).contains("beforeCreatedAt: must be between 0001-01-01 and 9999-12-31");
        var notATime = web.get("/settings/communications/phone/audio?beforeCreatedAt=yesterday&beforeId=" + uploaded.getFirst());
        assertThat(notATime.status()).isEqualTo(400);
        assertThat(notATime.body()).contains("beforeCreatedAt");
    }
}
