package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A company with more customers (or jobs) than one page of the API holds reads them all, page by page, by the Link
 * header, as the call log pages. GET /api/v1/customers took a limit of at most 1,000 and nothing else: a company with
 * 3,000 customers could never read the 1,001st (an offset or page parameter was silently ignored, answering the
 * first page again).
 */
class CustomerAndJobPagingTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Paging Co");
    }

    @Test
    void everyCustomerIsReachedPageByPageHoweverManyThereAre() {
        var csv = new StringBuilder("name,phone\n");
        for (int i = 0; i < 2_500; i++) {
            csv.append(String.format("Customer %04d,+1312555%04d%n", i, i));
        }
        // Names a cursor must carry as they are: the same name thrice (told apart by id), case, '&', '+' and accents.
        csv.append("Same Name,+17735550001\nSame Name,+17735550002\nSame Name,+17735550003\n");
        csv.append("customer 0999 & Sons,+17735550004\nA+ Plumbing,+17735550005\nÉmile Zola,+17735550006\n");
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", csv.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        var names = new ArrayList<String>();
        var ids = new HashSet<String>();
        var path = "/api/v1/customers?limit=1000";
        int pages = 0;
        while (path != null) {
            var page = owner.get(path);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().forEach(c -> {
                names.add(c.get("name").asString());
                ids.add(c.get("id").asString());
            });
            var link = page.header("Link");
            path = link == null ? null : link.substring(link.indexOf("/api/v1/"), link.indexOf('>'));
            assertThat(++pages).as("pages").isLessThan(10);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).as("every customer once").hasSize(2_506);
        assertThat(names).hasSize(2_506).contains("Customer 2499", "customer 0999 & Sons", "A+ Plumbing", "Émile Zola");
        assertThat(names.stream().filter("Same Name"::equals)).hasSize(3);

        // A search pages too, keeping its q.
        var first = owner.get("/api/v1/customers?q=customer%2002&limit=60");
        assertThat(first.json()).hasSize(60);
        var link = first.header("Link");
        assertThat(link).contains("q=customer%2002").contains("after_name=").contains("after_id=");
        var rest = owner.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
        assertThat(rest.json()).hasSize(40);
        assertThat(rest.json().get(0).get("name").asString()).isEqualTo("Customer 0260");
        assertThat(rest.header("Link")).as("the last page").isNull();
    }

    @Test
    void halfACursorIsRefusedNamingWhatIsMissing() {
        owner.post("/api/v1/customers", Map.of("name", "Ada"));
        var noId = owner.get("/api/v1/customers?after_name=Ada");
        assertThat(noId.status()).as(noId.body()).isEqualTo(422);
        assertThat(noId.errorField()).isEqualTo("after_id");
        var noName = owner.get("/api/v1/customers?after_id=0b6f3c1e-6d2a-4c51-9a8e-3f1d2b7c9e04");
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.errorField()).isEqualTo("after_name");
        var noTime = owner.get("/api/v1/jobs?before_id=0b6f3c1e-6d2a-4c51-9a8e-3f1d2b7c9e04");
        assertThat(noTime.status()).isEqualTo(422);
        assertThat(noTime.errorField()).isEqualTo("before_created_at");
    }

    @Test
    void everyJobIsReachedPageByPageNewestFirst() {
        var customer = owner.post("/api/v1/customers", Map.of("name", "Ada")).json().get("id").asString();
        var created = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            created.add(0, owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Job " + i)).json().get("title").asString());
        }
        var titles = new ArrayList<String>();
        var path = "/api/v1/jobs?customer_id=" + customer + "&limit=2";
        int pages = 0;
        while (path != null) {
            var page = owner.get(path);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().forEach(j -> titles.add(j.get("title").asString()));
            var link = page.header("Link");
            path = link == null ? null : link.substring(link.indexOf("/api/v1/"), link.indexOf('>'));
            assertThat(++pages).isLessThan(10);
        }
        assertThat(titles).isEqualTo(created);
        assertThat(titles).isEqualTo(List.of("Job 4", "Job 3", "Job 2", "Job 1", "Job 0"));
    }
}
