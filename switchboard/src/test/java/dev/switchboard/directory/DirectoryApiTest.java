package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryApiTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Directory Co");
    }

    @Test
    void twoTeamMembersCannotShareAnEmailInAnyCaseAndTheRefusalSaysWhoseItIs() {
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann Lee", "email", "ann@example.com"));
        assertThat(ann.status()).as(ann.body()).isEqualTo(201);
        var twin = owner.post("/api/v1/members", Map.of("name", "Bob", "email", "  ANN@Example.com "));
        assertThat(twin.status()).as(twin.body()).isEqualTo(409);
        assertThat(twin.errorField()).isEqualTo("email");
        assertThat(twin.errorRule()).isEqualTo("unique");
        assertThat(twin.body()).contains("ANN@Example.com is already the email of Ann Lee");
        assertThat(owner.get("/api/v1/members").json().size()).as("nobody added").isEqualTo(1);

        var bob = owner.post("/api/v1/members", Map.of("name", "Bob", "email", "bob@example.com")).json().get("id").asString();
        var edited = owner.patch("/api/v1/members/" + bob, Map.of("email", "Ann@example.com"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(409);
        assertThat(edited.body()).contains("Ann@example.com is already the email of Ann Lee");
        assertThat(owner.get("/api/v1/members/" + bob).json().get("email").asString()).as("unchanged").isEqualTo("bob@example.com");

        // One's own address in another case is still one's own; members without an email are many.
        var annId = ann.json().get("id").asString();
        assertThat(owner.patch("/api/v1/members/" + annId, Map.of("email", "Ann.Lee@example.com")).status()).isEqualTo(200);
        assertThat(owner.patch("/api/v1/members/" + annId, Map.of("email", "ANN.LEE@example.com")).status()).isEqualTo(200);
        assertThat(owner.post("/api/v1/members", Map.of("name", "Cy")).status()).isEqualTo(201);
        assertThat(owner.post("/api/v1/members", Map.of("name", "Di")).status()).isEqualTo(201);
        // Another company's member may have the same address.
        var other = api().signUpNewCompany("Other Directory Co");
        assertThat(other.post("/api/v1/members", Map.of("name", "Ann Other", "email", "bob@example.com")).status()).isEqualTo(201);
    }

    @Test
    void vacationSwitchesTheMemberOutOfEligibilityForItsDates() {
        var id = owner.post("/api/v1/members", Map.of("name", "Val", "phone_extension", "401", "sip_address", "sip:val@example.sip.telnyx.com"))
                .json().get("id").asString();
        var today = LocalDate.now(ZoneId.of("America/Chicago"));
        var set = owner.put("/api/v1/members/" + id + "/vacation", Map.of("start_date", today.toString(),
                "end_date", today.plusDays(3).toString(), "message", "Fishing", "auto_reply_enabled", true));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("availability").get("vacation_mode_enabled").asBoolean()).isTrue();
        var report = owner.get("/api/v1/members/eligible").json();
        assertThat(report.get("eligible").size()).isZero();
        assertThat(report.get("excluded").get(0).get("reason").asString()).isEqualTo("ON_VACATION");

        // An auto-reply with nothing to say was saved, and said nothing: refused naming the message, nothing changed.
        var silent = owner.put("/api/v1/members/" + id + "/vacation", Map.of("start_date", today.plusDays(10).toString(),
                "end_date", today.plusDays(12).toString(), "message", "  ", "auto_reply_enabled", true));
        assertThat(silent.status()).as(silent.body()).isEqualTo(422);
        assertThat(silent.errorField()).isEqualTo("message");
        assertThat(silent.body()).contains("is what the auto-reply says to callers");
        assertThat(owner.get("/api/v1/members/" + id).json().get("availability").get("vacation_mode_enabled").asBoolean()).isTrue();

        var later = owner.put("/api/v1/members/" + id + "/vacation", Map.of("start_date", today.plusDays(10).toString(),
                "end_date", today.plusDays(12).toString()));
        assertThat(later.json().get("availability").get("vacation_mode_enabled").asBoolean()).isFalse();
        assertThat(owner.get("/api/v1/members/eligible").json().get("eligible").size()).isEqualTo(1);
    }

    /**
     * A member no call can reach (no SIP address, and no forwarding number or forwarding off) is left out of the eligible,
     * as the routing skips them: they were listed, scored 70, while a call to them went to voicemail (found by a walk).
     */
    @Test
    void aMemberWithNoPhoneIsNotEligibleAndSaysWhy() {
        var id = owner.post("/api/v1/members", Map.of("name", "Nina", "phone_extension", "409")).json().get("id").asString();
        var forwardingOff = owner.post("/api/v1/members", Map.of("name", "Omar", "phone_extension", "410",
                "call_forwarding_number", "+17735550199")).json().get("id").asString();
        var report = owner.get("/api/v1/members/eligible").json();
        assertThat(report.get("eligible").size()).isZero();
        assertThat(report.get("excluded").findValuesAsString("reason")).containsExactly("NO_PHONE", "NO_PHONE");
        assertThat(report.get("excluded").toString()).contains("no phone (no SIP address or forwarding number)")
                .contains("no phone (forwarding to their number is turned off, and no SIP address)").contains(id).contains(forwardingOff);
        assertThat(owner.patch("/api/v1/members/" + id, Map.of("sip_address", "sip:nina@example.sip.telnyx.com")).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/members/eligible").json().get("eligible").findValuesAsString("member_id")).containsExactly(id);
    }

    @Test
    void badVacationAndDndAreRefused() {
        var id = owner.post("/api/v1/members", Map.of("name", "Val", "phone_extension", "401")).json().get("id").asString();
        var backwards = owner.put("/api/v1/members/" + id + "/vacation", Map.of("start_date", "2030-01-10", "end_date", "2030-01-01"));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.errorField()).isEqualTo("end_date");
        var over = owner.put("/api/v1/members/" + id + "/vacation", Map.of("start_date", "2020-01-06", "end_date", "2020-01-10"));
        assertThat(over.errorField()).as(over.body()).isEqualTo("end_date");
        var today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago"));
        assertThat(over.json().get("errors").get(0).get("message").asString()).as("today as the pages write a date")
                .contains("(today is " + today.format(dev.switchboard.tenancy.DisplayFormats.DATE) + ")");
        var badDate = owner.put("/api/v1/members/" + id + "/vacation", Map.of("start_date", "2030-02-30", "end_date", "2030-03-01"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.errorField()).isEqualTo("start_date");
        var past = owner.put("/api/v1/members/" + id + "/do-not-disturb", Map.of("until", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.errorField()).isEqualTo("until");
        var tooLong = owner.put("/api/v1/members/" + id + "/do-not-disturb", Map.of("until", Instant.now().plusSeconds(40L * 86400).toString()));
        assertThat(tooLong.status()).isEqualTo(422);
        var status = owner.put("/api/v1/members/" + id + "/status", Map.of("status", "SLEEPING"));
        assertThat(status.status()).isEqualTo(422);
        assertThat(status.errorField()).isEqualTo("status");
        var dnd = owner.put("/api/v1/members/" + id + "/do-not-disturb", Map.of("until", Instant.now().plusSeconds(600).toString()));
        assertThat(dnd.json().get("availability").get("do_not_disturb").asBoolean()).isTrue();
        assertThat(owner.delete("/api/v1/members/" + id + "/do-not-disturb").json().get("availability").get("do_not_disturb").asBoolean()).isFalse();
    }

    @Test
    void assignNextFreeExtensionsFillsTheGaps() {
        owner.post("/api/v1/members", Map.of("name", "Has101", "phone_extension", "101"));
        owner.post("/api/v1/members", Map.of("name", "NoExtA"));
        owner.post("/api/v1/members", Map.of("name", "NoExtB"));
        var assigned = owner.post("/api/v1/members/assign-extensions", Map.of("start", 101));
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().size()).isEqualTo(2);
        var extensions = owner.get("/api/v1/members").json().findValuesAsString("phone_extension");
        assertThat(extensions).containsExactlyInAnyOrder("101", "102", "103");
    }

    @Test
    void customersAreFoundByTheNumberTheyCallFrom() {
        var created = owner.post("/api/v1/customers", Map.of("name", "Ada", "phone_numbers", List.of("(312) 555-0199"), "tags", List.of("VIP")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var found = owner.get("/api/v1/customers/lookup?number=%2B13125550199").json();
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).get("tags").get(0).asString()).isEqualTo("VIP");
        var bad = owner.post("/api/v1/customers", Map.of("name", "", "phone_numbers", List.of("nope")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactly("name", "phone_numbers[0]");
        assertThat(bad.json().get("detail").asString())
                .contains("phone_numbers[0]: 'nope' is not a phone number: write it as +12015550123 or (201) 555-0123");
    }

    @Test
    void searchingCustomersTakesPercentAndUnderscoreLiterally() {
        owner.post("/api/v1/customers", Map.of("name", "Unit 4_B"));
        owner.post("/api/v1/customers", Map.of("name", "Unit 4xB"));
        owner.post("/api/v1/customers", Map.of("name", "100% Cotton"));
        assertThat(owner.get("/api/v1/customers?q=4_b").json().findValuesAsString("name")).containsExactly("Unit 4_B");
        assertThat(owner.get("/api/v1/customers?q=0%25").json().findValuesAsString("name")).containsExactly("100% Cotton");
        assertThat(owner.get("/api/v1/customers?q=%25").json().findValuesAsString("name")).containsExactly("100% Cotton");
    }

    @Test
    void jobsBelongToACustomerOfTheSameCompany() {
        var customer = owner.post("/api/v1/customers", Map.of("name", "Ada")).json().get("id").asString();
        var job = owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Fix boiler", "status", "SCHEDULED"));
        assertThat(job.status()).isEqualTo(201);
        var elsewhere = api().signUpNewCompany("Elsewhere");
        var foreign = elsewhere.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Steal"));
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.errorField()).isEqualTo("customer_id");
        var badStatus = owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "X", "status", "MAYBE"));
        assertThat(badStatus.errorField()).isEqualTo("status");
    }

    @Test
    void csvImportReportsBadRowsByLineAndImportsNothingByDefault() {
        var csv = """
                name,phone,email,tags,external_id
                Good One,(312) 555-0111,one@example.com,VIP,C-1
                ,(312) 555-0112,,,C-2
                Bad Phone,12,,,C-3
                Good Two,+13125550114;+17735550114,,residential;repeat,C-4
                Dupe,(312) 555-0115,,,C-4
                """;
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("committed").asBoolean()).isFalse();
        var errors = refused.json().get("errors");
        assertThat(errors.findValuesAsString("line")).containsExactly("3", "4", "6");
        assertThat(errors.findValuesAsString("field")).as("the columns as the file names them, not the API's fields")
                .containsExactly("name", "phone", "external_id");
        assertThat(errors.get(1).get("message").asString()).as("our words, not libphonenumber's, at the row and column")
                .isEqualTo("row 4, column phone: '12' is not a valid phone number: write it as +12015550123 or (201) 555-0123");
        assertThat(owner.get("/api/v1/customers").json().size()).isZero();

        var partial = owner.postRaw("/api/v1/customers/import?skip_invalid=true", "text/csv", csv);
        assertThat(partial.status()).isEqualTo(200);
        assertThat(partial.json().get("imported").asInt()).isEqualTo(2);
        assertThat(partial.json().get("rejected").asInt()).isEqualTo(3);
        var customers = owner.get("/api/v1/customers").json();
        assertThat(customers.findValuesAsString("name")).containsExactly("Good One", "Good Two");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B17735550114").json().size()).isEqualTo(1);
    }

    @Test
    void aCustomerFileOverTheImportsLimitIsRefusedInTheImportsWordsHoweverItIsSent() {
        // 5.5 MB of good rows: over the page's 5 MB, under the API's general 6 MB upload limit (imported before).
        var csv = new StringBuilder("name,notes\n");
        for (int i = 0; csv.length() < 5_500_000; i++) {
            csv.append("Customer ").append(i).append(',').append("n".repeat(1_000)).append('\n');
        }
        var bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var words = "a customer CSV file is at most 5 MB";
        var body = owner.postRaw("/api/v1/customers/import", "text/csv", csv.toString());
        assertThat(body.status()).as(body.body()).isEqualTo(413);
        assertThat(body.errorField()).isEqualTo("body");
        assertThat(body.errorRule()).isEqualTo("size");
        assertThat(body.body()).contains(words).contains("Split it into smaller files").doesNotContain("audio");
        var upload = owner.upload("/api/v1/customers/import", "file", "crm-export.csv", "text/csv", bytes);
        assertThat(upload.status()).as(upload.body()).isEqualTo(413);
        assertThat(upload.errorField()).isEqualTo("file");
        assertThat(upload.body()).contains(words);
        // Without a length: found over the limit once read.
        var chunked = owner.uploadChunked("/api/v1/customers/import", "file", "crm-export.csv", "text/csv", bytes);
        assertThat(chunked.status()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.body()).contains(words);
        // Over the 20 MB every upload is refused at, before the import sees it: the import's words, not the audio ones.
        var huge = owner.uploadChunked("/api/v1/customers/import", "file", "crm-export.csv", "text/csv", new byte[22_000_000]);
        assertThat(huge.status()).as(huge.body()).isEqualTo(413);
        assertThat(huge.errorField()).isEqualTo("file");
        assertThat(huge.body()).contains(words).doesNotContain("audio");
        assertThat(owner.get("/api/v1/customers").json()).as("nothing imported").isEmpty();
    }

    @Test
    void csvWithoutANameColumnIsRefusedWhole() {
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv", "phone\n+13125550111\n");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }
    @Test
    void csvFromExcelWithItsByteOrderMarkImportsAndOneNotInUtf8IsRefusedNamingTheLine() {
        var excel = owner.postRaw("/api/v1/customers/import", "text/csv", "\uFEFFname,phone\nJosé Niño,+13125550161\n");
        assertThat(excel.status()).as(excel.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550161").json().get(0).get("name").asString()).isEqualTo("José Niño");
        var latin1 = "name,phone\nAna,+13125550162\nJosé Niño,+13125550163\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var refused = owner.upload("/api/v1/customers/import", "file", "customers.csv", "text/csv", latin1);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("row 3 is not UTF-8").contains("Save the file as CSV UTF-8");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550162").json()).as("nothing imported").isEmpty();
        var twice = owner.postRaw("/api/v1/customers/import", "text/csv", "name,Name\nAna,Ann\n");
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.body()).contains("appears twice");
    }
    @Test
    void listsRefuseAStatusNoJobHasAndALimitOutOfRange() {
        var status = owner.get("/api/v1/jobs?status=bogus");
        assertThat(status.status()).as("not an empty list, as if there were no such jobs").isEqualTo(422);
        assertThat(status.errorField()).isEqualTo("status");
        assertThat(owner.get("/api/v1/jobs?status=scheduled").status()).isEqualTo(200);
        for (var path : List.of("/api/v1/jobs?limit=0", "/api/v1/customers?limit=-5", "/api/v1/customers?limit=1001")) {
            var refused = owner.get(path);
            assertThat(refused.status()).as(path).isEqualTo(422);
            assertThat(refused.errorField()).as(path).isEqualTo("limit");
        }
    }

    @Test
    void csvImportNumbersRowsAsASpreadsheetDoesWithoutATrailingNewlineOrWithANoteOverSeveralLines() {
        var last = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone\r\nGood,+13125550171\r\nBad,12");
        assertThat(last.status()).as(last.body()).isEqualTo(422);
        assertThat(last.json().get("errors").findValuesAsString("row")).as(last.body()).containsExactly("3");
        // Ana's note spans two lines of text but is one row of the spreadsheet: Bea is row 3, the empty line row 4
        // (a spreadsheet shows it as an empty row), Cy row 5; by text line they were 4 and 6.
        var multiline = owner.postRaw("/api/v1/customers/import", "text/csv",
                "name,notes,phone\nAna,\"Gate code 1234\nDog in yard\",12\nBea,,34\n\nCy,,56\n");
        assertThat(multiline.status()).as(multiline.body()).isEqualTo(422);
        var errors = multiline.json().get("errors");
        assertThat(errors.findValuesAsString("row")).as(multiline.body()).containsExactly("2", "3", "5");
        assertThat(errors.findValuesAsString("line")).as("the former name of the row's number, kept for older clients")
                .containsExactly("2", "3", "5");
        assertThat(errors.get(1).get("message").asString()).startsWith("row 3, column phone: ");
        assertThat(errors.get(2).get("message").asString()).startsWith("row 5, column phone: ");
        // The same customer twice names the earlier row by its number too.
        var twice = owner.postRaw("/api/v1/customers/import", "text/csv",
                "name,notes,phone\nAna,\"line one\nline two\",+13125550172\nAna,,+13125550172\n");
        assertThat(twice.json().get("errors").get(0).get("message").asString()).as(twice.body())
                .isEqualTo("row 3, column phone: Ana with +13125550172 is on row 2 too");
        assertThat(owner.get("/api/v1/customers").json().size()).isZero();
    }

    @Test
    void csvImportIgnoresColumnsItDoesNotKnowAndNamesThem() {
        // As a spreadsheet exports it: an address, a second notes column, a fax, and an empty column at the end.
        var csv = "Name,Address,Phone,Notes 2,Fax,\n"
                + "Ana Ruiz,\"12 Main St\nSpringfield\",(312) 555-0175,gate \u0007code,(312) 555-0000,\n"
                + "Ben Ode,,(312) 555-0176,,,\n";
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        assertThat(imported.json().get("ignored_columns").toString())
                .isEqualTo("[\"Address\",\"Notes 2\",\"Fax\",\"column 6 (no header)\"]");
        var ana = owner.get("/api/v1/customers/lookup?number=%2B13125550175").json().get(0);
        assertThat(ana.get("name").asString()).isEqualTo("Ana Ruiz");
        assertThat(ana.path("notes").isNull() || ana.path("notes").isMissingNode()).as("'Notes 2' is not the notes").isTrue();
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550000").json()).as("the fax is no number of theirs").isEmpty();

        // A file of customer columns only has nothing to ignore.
        var plain = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone\nCy,(312) 555-0177\n");
        assertThat(plain.json().get("ignored_columns").toString()).isEqualTo("[]");

        // A file with no customer column at all is still refused, naming what it found and what it needs.
        var none = owner.postRaw("/api/v1/customers/import", "text/csv", "Address,Fax\n1 Elm St,(312) 555-0178\n");
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().get("committed").asBoolean()).isFalse();
        assertThat(none.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(none.json().get("errors").get(0).get("message").asString()).isEqualTo(
                "row 1 (the header): none of its columns is a customer column (found: Address, Fax); the columns are "
                        + CustomerImport.COLUMNS_IN_WORDS);
        // Customer columns without the name: refused for the name, the unknown ones ignored or not.
        var noName = owner.postRaw("/api/v1/customers/import", "text/csv", "Phone,Address\n(312) 555-0179,1 Elm St\n");
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.json().get("errors").get(0).get("message").asString())
                .isEqualTo("row 1 (the header): there must be a 'name' column (or Full Name, Customer Name, Company, or First Name "
                        + "and Last Name) (found: Phone, Address)");
        assertThat(owner.get("/api/v1/customers").json().size()).isEqualTo(3);
    }

    @Test
    void everyImportErrorNamesTheRowAndTheColumnAsTheFileWritesThem() {
        var rows = "Name,Phone,Phone_Numbers,Email\n"
                + "Ann,+13125550192,+13125550193;nope,ann@\n"
                + ",12,,\n"
                + "Bo,+13125550194\n";
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv", rows);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").findValuesAsString("message")).containsExactly(
                "row 2, column Email: must be an email address such as name@example.com",
                "row 2, column Phone_Numbers: 'nope' is not a phone number: write it as +12015550123 or (201) 555-0123",
                "row 3, column Name: must not be blank",
                "row 3, column Phone: '12' is not a valid phone number: write it as +12015550123 or (201) 555-0123",
                "row 4: has 2 values but the header has 4");
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .containsExactly("Email", "Phone_Numbers", "Name", "Phone", "row");
        assertThat(owner.get("/api/v1/customers").json().size()).isZero();
    }

    @Test
    void csvSavedByExcelWithSemicolonsImports() {
        var csv = "\uFEFFName;Phone;Email;Tags\r\nAna Müller;+49 30 1234567;ana@example.com;\"VIP;Gewerbe\"\r\nBen, Jr.;+13125550173;;\r\n";
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        var ana = owner.get("/api/v1/customers/lookup?number=%2B49301234567").json().get(0);
        assertThat(ana.get("name").asString()).isEqualTo("Ana Müller");
        assertThat(ana.get("tags").toString()).isEqualTo("[\"VIP\",\"Gewerbe\"]");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550173").json().get(0).get("name").asString()).isEqualTo("Ben, Jr.");
    }

    /** The customer whose external id is {@code externalId}, as the API shows them. */
    private tools.jackson.databind.JsonNode byExternalId(String externalId) {
        for (var c : owner.get("/api/v1/customers").json()) {
            if (externalId.equals(c.get("external_id").asString())) {
                return c;
            }
        }
        throw new AssertionError("no customer " + externalId);
    }

    @Test
    void reimportingACrmExportUpdatesCustomersByExternalIdOnlyWhenAskedAndNeverMergesARowWithout() {
        var first = "name,phone,email,tags,external_id,notes\n"
                + "Ana Ruiz,(312) 555-0191,ana@old.test,vip,CRM-1,gate code 12\nBen Ode,(312) 555-0192,,,CRM-2,\n";
        assertThat(owner.postRaw("/api/v1/customers/import", "text/csv", first).status()).isEqualTo(200);
        // The CRM's next export: Ana renamed, with a new number and email and no tag; Ben as he was; a new customer.
        var export = "name,phone,email,tags,external_id,notes\n"
                + "Ana Ruiz-Lee,(312) 555-0193,ana@new.test,,CRM-1,gate code 34\nBen Ode,(312) 555-0192,,,CRM-2,\nCy New,(312) 555-0194,,,CRM-3,\n";

        var byDefault = owner.postRaw("/api/v1/customers/import", "text/csv", export);
        assertThat(byDefault.status()).as("off by default: an existing customer's row is refused").isEqualTo(422);
        assertThat(byDefault.json().get("errors").findValuesAsString("line")).containsExactly("2", "3", "3");
        assertThat(byDefault.json().get("errors").get(0).get("message").asString())
                .as("who has the external id, by name and id").startsWith("row 2, column external_id: external id CRM-1 is already Ana Ruiz's");
        assertThat(byDefault.json().get("errors").get(0).get("customer_id").asString()).isEqualTo(byExternalId("CRM-1").get("id").asString());
        // Adding or editing a customer with it says whose it is as well.
        var added = owner.post("/api/v1/customers", Map.of("name", "Cy", "external_id", "CRM-1"));
        assertThat(added.status()).isEqualTo(409);
        assertThat(added.errorRule()).isEqualTo("unique");
        assertThat(added.body()).contains("external id CRM-1 is already Ana Ruiz's");
        var ben = byExternalId("CRM-2").get("id").asString();
        var edited = owner.put("/api/v1/customers/" + ben, Map.of("name", "Ben Ode", "external_id", "CRM-1"));
        assertThat(edited.status()).isEqualTo(409);
        assertThat(edited.body()).contains("external id CRM-1 is already Ana Ruiz's");
        assertThat(owner.put("/api/v1/customers/" + ben, Map.of("name", "Ben Ode", "external_id", "CRM-2", "phone_numbers", List.of("+13125550192"))).status())
                .as("a customer's own external id is not taken from them").isEqualTo(200);
        assertThat(byExternalId("CRM-1").get("name").asString()).isEqualTo("Ana Ruiz");

        var updated = owner.postRaw("/api/v1/customers/import?update_by_external_id=true", "text/csv", export);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("imported").asInt()).isEqualTo(1);
        assertThat(updated.json().get("updated").asInt()).isEqualTo(2);
        assertThat(updated.json().get("rejected").asInt()).isZero();
        assertThat(owner.get("/api/v1/customers").json().size()).as("updated, not added again").isEqualTo(3);
        var ana = byExternalId("CRM-1");
        assertThat(ana.get("name").asString()).isEqualTo("Ana Ruiz-Lee");
        assertThat(ana.get("email").asString()).isEqualTo("ana@new.test");
        assertThat(ana.get("phone_numbers").toString()).contains("+13125550193").doesNotContain("+13125550191");
        assertThat(ana.get("tags").size()).as("an empty cell clears").isZero();
        assertThat(ana.get("notes").asString()).isEqualTo("gate code 34");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550191").json().size()).isZero();

        // A file without a column keeps what the customer has there.
        var namesOnly = owner.postRaw("/api/v1/customers/import?update_by_external_id=true", "text/csv", "name,external_id\nAna R,CRM-1\n");
        assertThat(namesOnly.json().get("updated").asInt()).as(namesOnly.body()).isEqualTo(1);
        ana = byExternalId("CRM-1");
        assertThat(ana.get("name").asString()).isEqualTo("Ana R");
        assertThat(ana.get("email").asString()).isEqualTo("ana@new.test");
        assertThat(ana.get("notes").asString()).isEqualTo("gate code 34");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550193").json().size()).isEqualTo(1);

        // Without an external id a row is never merged: Ben again is the same customer again, refused.
        var noId = owner.postRaw("/api/v1/customers/import?update_by_external_id=true", "text/csv", "name,phone\nBen Ode,(312) 555-0192\n");
        assertThat(noId.status()).isEqualTo(422);
        assertThat(noId.body()).contains("row 2, column phone: a customer Ben Ode with +13125550192 already exists");
        assertThat(owner.get("/api/v1/customers").json().size()).isEqualTo(3);
    }

    @Test
    void importingTheSameCustomersAgainIsRefusedRatherThanDuplicatingThem() {
        var csv = "name,phone\nAna,(312) 555-0181\nBen,(312) 555-0182\n";
        assertThat(owner.postRaw("/api/v1/customers/import", "text/csv", csv).status()).isEqualTo(200);
        var again = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertThat(again.json().get("errors").findValuesAsString("line")).containsExactly("2", "3");
        assertThat(again.json().get("errors").findValuesAsString("field")).containsExactly("phone", "phone");
        assertThat(owner.get("/api/v1/customers").json().size()).isEqualTo(2);

        var twiceInFile = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone\nCy,+13125550183\ncy ,312-555-0183\n");
        assertThat(twiceInFile.status()).as(twiceInFile.body()).isEqualTo(422);
        assertThat(twiceInFile.json().get("errors").findValuesAsString("line")).containsExactly("3");
        assertThat(twiceInFile.body()).contains("row 3, column phone: cy with +13125550183 is on row 2 too");
        // A shared line (a family, an office) is several customers with one number: that is not a duplicate.
        var shared = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone\nDee,+13125550184\nEd,+13125550184\nFay,+13125550181\n");
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550184").json().size()).isEqualTo(2);
    }

    @Test
    void searchingCustomersFindsANumberHoweverItIsTyped() {
        owner.post("/api/v1/customers", Map.of("name", "Ada", "phone_numbers", List.of("+13125550199")));
        owner.post("/api/v1/customers", Map.of("name", "Bob", "phone_numbers", List.of("+17735550100")));
        for (var typed : List.of("(312) 555-0199", "312-555-0199", "312.555.0199", "+1 312 555 0199", "555-0199", "3125550199")) {
            var found = owner.get("/api/v1/customers?q=" + java.net.URLEncoder.encode(typed, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(found.json().findValuesAsString("name")).as(typed).containsExactly("Ada");
        }
    }

    /**
     * An office that moved from another system knows its customers by that system's number ("CRM-0007", "10452", on every
     * old invoice): the search finds a customer by their external id too, as by their name, email or number.
     */
    @Test
    void searchingCustomersFindsOneByTheirExternalId() {
        owner.post("/api/v1/customers", Map.of("name", "Ada", "external_id", "CRM-0007"));
        owner.post("/api/v1/customers", Map.of("name", "Bob", "external_id", "10452"));
        owner.post("/api/v1/customers", Map.of("name", "Cy", "external_id", "CRM-0008"));
        assertThat(owner.get("/api/v1/customers?q=crm-0007").json().findValuesAsString("name")).containsExactly("Ada");
        assertThat(owner.get("/api/v1/customers?q=10452").json().findValuesAsString("name")).containsExactly("Bob");
        assertThat(owner.get("/api/v1/customers?q=CRM-000").json().findValuesAsString("name")).containsExactly("Ada", "Cy");
    }

    /**
     * A number with an extension ("(312) 555-0177 ext. 12", a business customer's desk, common in old exports) is saved
     * as the number, and its extension is kept in the customer's notes, where the office reads it before calling: it was
     * dropped without a word, by the form and the API as by the import.
     */
    @Test
    void anExtensionAfterACustomersNumberIsKeptInTheirNotes() {
        var made = owner.post("/api/v1/customers", Map.of("name", "Desk Co", "phone_numbers", List.of("(312) 555-0177 ext. 12")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("phone_numbers").toString()).isEqualTo("[\"+13125550177\"]");
        assertThat(made.json().get("notes").asString()).isEqualTo("Extension 12 at (312) 555-0177");

        var imported = owner.postRaw("/api/v1/customers/import", "text/csv",
                "name,phone,notes\nTower Ltd,\"(312) 555-0178 x 45; (773) 555-0179\",Boiler in the basement\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var tower = owner.get("/api/v1/customers/lookup?number=%2B13125550178").json().get(0);
        assertThat(tower.get("phone_numbers").toString()).isEqualTo("[\"+13125550178\",\"+17735550179\"]");
        assertThat(tower.get("notes").asString()).isEqualTo("Boiler in the basement\nExtension 45 at (312) 555-0178");

        // Saved again as it reads (the number alone, the notes with the line), the line is not added twice.
        var id = made.json().get("id").asString();
        var again = owner.put("/api/v1/customers/" + id, Map.of("name", "Desk Co", "phone_numbers", List.of("(312) 555-0177 ext. 12"),
                "notes", "Extension 12 at (312) 555-0177"));
        assertThat(again.json().get("notes").asString()).isEqualTo("Extension 12 at (312) 555-0177");
    }

    /**
     * The same name with the same number is the same customer again, refused by the import: adding or editing one by the
     * form or the API made the duplicate all the same, and the next call was linked to one of two copies. Another name on
     * the number is a shared line, and is added.
     */
    @Test
    void theSameCustomerAgainIsRefusedWhenAddedOrEditedAsByTheImport() {
        assertThat(owner.post("/api/v1/customers", Map.of("name", "Dee Lane", "phone_numbers", List.of("+13125550185"))).status())
                .isEqualTo(201);
        var again = owner.post("/api/v1/customers", Map.of("name", "dee lane", "phone_numbers", List.of("(773) 555-0186", "(312) 555-0185")));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("\"phone_numbers\"").contains("a customer Dee Lane with (312) 555-0185 already exists");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B17735550186").json().size()).as("nothing saved").isZero();
        var dee = owner.get("/api/v1/customers/lookup?number=%2B13125550185").json().get(0).get("id").asString();
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone\nDee Lane,+13125550185\n");
        assertThat(imported.status()).isEqualTo(422);
        assertThat(imported.json().get("errors").get(0).get("customer_id").asString()).as("the import names who").isEqualTo(dee);
        var shared = owner.post("/api/v1/customers", Map.of("name", "Ed Lane", "phone_numbers", List.of("+13125550185")));
        assertThat(shared.status()).as("a shared line").isEqualTo(201);
        var renamed = owner.put("/api/v1/customers/" + shared.json().get("id").asString(),
                Map.of("name", "Dee Lane", "phone_numbers", List.of("+13125550185")));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(409);
        assertThat(owner.put("/api/v1/customers/" + shared.json().get("id").asString(),
                Map.of("name", "Ed Lane", "phone_numbers", List.of("+13125550185"), "notes", "Dee's husband")).status())
                .as("saved again as they are").isEqualTo(200);
    }

    @Test
    void csvWithBothAPhoneAndAPhoneNumbersColumnKeepsTheNumbersOfBoth() {
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv",
                "name,phone,phone_numbers\nAna,+13125550191,+13125550192;+13125550193\nBen,+13125550194,\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var ana = owner.get("/api/v1/customers/lookup?number=%2B13125550192").json().get(0);
        assertThat(ana.get("phone_numbers").toString()).isEqualTo("[\"+13125550191\",\"+13125550192\",\"+13125550193\"]");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550194").json().findValuesAsString("name")).containsExactly("Ben");
    }
}
