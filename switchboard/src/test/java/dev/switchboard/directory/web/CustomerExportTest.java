package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The customers exported as CSV or Excel, all of them or those a search finds, by name, in the import's columns: a file
 * the import takes back unchanged, into another company. For those who add and change customers; not an agent.
 */
class CustomerExportTest extends IntegrationTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static String created(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        return response.json().get("id").asString();
    }

    /** The company's customers as the API has them, each as name | numbers | email | external id | tags | notes. */
    private static List<String> customers(ApiClient api) {
        var all = new ArrayList<String>();
        String next = "/api/v1/customers?limit=1000";
        while (next != null) {
            var page = api.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode c : page.json()) {
                all.add(String.join(" | ", c.get("name").asString(), c.get("phone_numbers").valueStream().map(JsonNode::asString).toList().toString(),
                        c.path("email").asString(""), c.path("external_id").asString(""),
                        c.get("tags").valueStream().map(JsonNode::asString).toList().toString(), c.path("notes").asString("")));
            }
            var link = page.header("Link");
            next = link == null ? null : link.replaceAll("^<[^>]*?(/api/v1/[^>]*)>.*$", "$1");
        }
        return all;
    }

    @Test
    void everyCustomerIsExportedByNameAndTheImportTakesTheFileBackUnchanged() throws Exception {
        var owner = api().signUpNewCompany("Customer Export Round Trip Co");
        // Past the export's batch of 1,000, to see the second batch read after the first.
        var csv = new StringBuilder("name,phone\n");
        for (int i = 0; i < 1_003; i++) {
            csv.append(String.format("Bulk %04d,+1773555%04d\n", i, i));
        }
        assertThat(owner.postRaw("/api/v1/customers/import", "text/csv", csv.toString()).status()).isEqualTo(200);
        created(owner.post("/api/v1/customers", Map.of("name", "Johnson, Mary", "phone_numbers", List.of("+13125550141", "+13125550142"),
                "email", "mary@example.com", "external_id", "CRM-1001", "tags", List.of("VIP", "furnace"),
                "notes", "Dog in yard.\nGate code 4411, \"ring twice\"")));
        created(owner.post("/api/v1/customers", Map.of("name", "Zed Plumbing", "phone_numbers", List.of("+13125550199"))));
        var other = api().signUpNewCompany("Customer Export Other Co");
        created(other.post("/api/v1/customers", Map.of("name", "Not Theirs", "phone_numbers", List.of("+13125550188"))));
        var expected = customers(owner);
        assertThat(expected).hasSize(1_005);

        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/customers");
        assertThat(page.body()).contains("/customers/export.csv").contains("/customers/export.xlsx");

        var file = web.get("/customers/export.csv");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType()).startsWith("text/csv");
        var text = new String(file.bytes(), StandardCharsets.UTF_8);
        var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
        assertThat(records.getFirst().getParser().getHeaderNames()).containsExactly("name", "phone", "email", "external_id", "tags", "notes");
        assertThat(records).hasSize(1_005);
        assertThat(records.stream().map(r -> r.get("name")).toList()).as("by name, every batch, no other company's")
                .isEqualTo(expected.stream().map(e -> e.substring(0, e.indexOf(" | "))).toList()).doesNotContain("Not Theirs");
        var mary = records.stream().filter(r -> r.get("name").equals("Johnson, Mary")).findFirst().orElseThrow();
        assertThat(mary.get("phone")).isEqualTo("+13125550141; +13125550142");
        assertThat(mary.get("tags")).isEqualTo("VIP, furnace");
        assertThat(mary.get("notes")).isEqualTo("Dog in yard.\nGate code 4411, \"ring twice\"");

        var again = api().signUpNewCompany("Customer Export Import Co");
        var imported = again.postRaw("/api/v1/customers/import", "text/csv", text);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(1_005);
        assertThat(imported.json().get("ignored_columns")).as("every column is the import's").isEmpty();
        assertThat(customers(again)).isEqualTo(expected);

        var book = web.get("/customers/export.xlsx");
        assertThat(book.status()).isEqualTo(200);
        assertThat(book.contentType()).startsWith(XLSX);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(book.bytes()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(1_005);
            var zed = sheet.getRow(1_005);
            assertThat(zed.getCell(0).getStringCellValue()).isEqualTo("Zed Plumbing");
            assertThat(zed.getCell(1).getCellType()).as("a number is text, never 1.3E10").isEqualTo(CellType.STRING);
            assertThat(zed.getCell(1).getStringCellValue()).isEqualTo("+13125550199");
        }
        var third = api().signUpNewCompany("Customer Export Excel Co");
        var fromExcel = third.upload("/api/v1/customers/import", "file", "customers.xlsx", XLSX, book.bytes());
        assertThat(fromExcel.status()).as(fromExcel.body()).isEqualTo(200);
        assertThat(customers(third)).isEqualTo(expected);
    }

    @Test
    void aSearchExportsWhatItFindsAndATextThatWouldRunAsAFormulaIsQuoted() throws Exception {
        var owner = api().signUpNewCompany("Customer Export Search Co");
        created(owner.post("/api/v1/customers", Map.of("name", "=HYPERLINK(\"http://x.example\")", "phone_numbers", List.of("+13125550161"),
                "notes", "@SUM(1)")));
        created(owner.post("/api/v1/customers", Map.of("name", "Ann Lee", "phone_numbers", List.of("+13125550162"))));
        var web = webLogin(owner.email(), "correct-horse");

        var found = web.get("/customers?q=" + java.net.URLEncoder.encode("(312) 555-0162", StandardCharsets.UTF_8));
        assertThat(found.body()).contains("Export these (CSV)").contains("/customers/export.csv?q=");
        var file = new String(web.get("/customers/export.csv?q=" + java.net.URLEncoder.encode("(312) 555-0162", StandardCharsets.UTF_8))
                .bytes(), StandardCharsets.UTF_8);
        assertThat(file).isEqualTo("name,phone,email,external_id,tags,notes\r\nAnn Lee,+13125550162,,,,\r\n");

        var all = new String(web.get("/customers/export.csv").bytes(), StandardCharsets.UTF_8);
        assertThat(all).contains("\"'=HYPERLINK(\"\"http://x.example\"\")\",+13125550161,,,,'@SUM(1)");
        assertThat(new String(web.get("/customers/export.csv?q=nobody").bytes(), StandardCharsets.UTF_8))
                .as("nothing found: the header alone").isEqualTo("name,phone,email,external_id,tags,notes\r\n");

        // Imported back, the apostrophes the export put are taken off: the texts are as they were.
        var again = api().signUpNewCompany("Customer Export Quoted Co");
        var imported = again.postRaw("/api/v1/customers/import", "text/csv", all);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var formula = again.get("/api/v1/customers/lookup?number=%2B13125550161").json();
        assertThat(formula.findValuesAsString("name")).containsExactly("=HYPERLINK(\"http://x.example\")");
        assertThat(formula.findValuesAsString("notes")).containsExactly("@SUM(1)");
    }

    @Test
    void anAgentExportsNothing() {
        var owner = api().signUpNewCompany("Customer Export Agent Co");
        var member = created(owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")));
        created(owner.post("/api/v1/customers", Map.of("name", "Di", "phone_numbers", List.of("+13125550177"))));
        var agentApi = owner.newUser("AGENT", member);
        var agent = webLogin(agentApi.email(), "their-password");
        assertThat(agent.get("/customers").body()).contains("Di").doesNotContain("/customers/export");
        for (var path : List.of("/customers/export.csv", "/customers/export.xlsx")) {
            var refused = agent.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(new String(refused.bytes(), StandardCharsets.UTF_8)).doesNotContain("Di,");
        }
    }
}
