package dev.switchboard.schedule.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The public holidays import is for the company's current year, and from December (in the company's timezone) for the next:
 * a business setting up on Dec 6 imported a year whose holidays were all past but Christmas.
 */
@Import(HolidayImportYearTest.VirtualTime.class)
class HolidayImportYearTest extends IntegrationTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock holidayImportClock() {
            return new SimClock(Instant.parse("2026-11-30T12:00:00Z"));
        }
    }

    @Autowired
    SimClock clock;

    @Test
    void theImportIsForThisYearUntilDecemberInTheCompanysTimezoneThenForTheNext() {
        var owner = api().signUpNewCompany("Import Year Co");
        assertThat(owner.put("/api/v1/company", Map.of("name", "Import Year Co", "timezone", "America/Chicago",
                "business_numbers", List.of())).status()).isEqualTo(200);
        var web = webLogin(owner.email(), "correct-horse");
        var page = "/settings/communications/phone/holidays";
        assertThat(web.get(page).body()).contains("id=\"year\" name=\"year\" type=\"number\" value=\"2026\"");

        clock.set(Instant.parse("2026-12-01T05:59:00Z")); // 11:59 PM on Nov 30 in Chicago
        assertThat(web.get(page).body()).contains("value=\"2026\"");
        clock.set(Instant.parse("2026-12-01T06:00:00Z")); // midnight, Dec 1 in Chicago
        assertThat(web.get(page).body()).contains("id=\"year\" name=\"year\" type=\"number\" value=\"2027\"");

        // The API's import with no year asked for is for that year too, and takes this year's holidays still to come with it:
        // a company signing up in December imported next year's and rang its phones on this Christmas Day (found by the
        // setup walk). This year's past ones (Thanksgiving) are not added.
        var imported = owner.post("/api/v1/holidays/import", Map.of("country", "US"));
        assertThat(imported.status()).as(imported.body()).isIn(200, 201);
        assertThat(imported.body()).contains("\"name\":\"Christmas (observed)\",\"date\":\"2027-12-24\"") // observed on the Friday
                .contains("\"name\":\"Christmas\",\"date\":\"2027-12-25\"")
                .contains("\"name\":\"Christmas\",\"date\":\"2026-12-25\"").doesNotContain("\"date\":\"2026-11-");
        assertThat(owner.get("/api/v1/holidays").body()).contains("\"date\":\"2026-12-25\"");

        clock.set(Instant.parse("2027-01-01T06:00:00Z"));
        assertThat(web.get(page).body()).contains("value=\"2027\"");
    }
}
