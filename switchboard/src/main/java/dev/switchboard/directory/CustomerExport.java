package dev.switchboard.directory;

import dev.switchboard.platform.SpreadsheetText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Service;

/**
 * The customers as a file, those a search finds or all of them, by name: CSV with commons-csv, XLSX with POI's streaming
 * workbook. The columns are the import's ({@link CustomerImport}), so the file a business exports is one it can import
 * again, into this company or another, with nothing left out as an unknown column: {@code name}, {@code phone} (every
 * number, in E.164, separated by "; "), {@code email}, {@code external_id}, {@code tags} (separated by ", ") and
 * {@code notes}. Read a thousand at a time by name, so a company of 50,000 customers is never held in memory.
 */
@Service
public class CustomerExport {

    public static final List<String> COLUMNS = List.of("name", "phone", "email", "external_id", "tags", "notes");
    static final int BATCH = 1000;
    private static final int PHONE = COLUMNS.indexOf("phone");

    private final Customers customers;

    CustomerExport(Customers customers) {
        this.customers = customers;
    }

    /** The customers {@code query} finds (all for a blank one) as CSV, each text typed by someone that a spreadsheet could run as a formula quoted. */
    public long csv(String query, OutputStream out) throws IOException {
        var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (var printer = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get().print(writer)) {
            return forEach(query, c -> {
                try {
                    // The numbers are the system's E.164 ("+13125550141; +13125550142"), no text anyone typed: as they are.
                    var values = values(c);
                    var cells = new java.util.ArrayList<Object>(values.size());
                    for (int i = 0; i < values.size(); i++) {
                        cells.add(i == PHONE ? values.get(i) : SpreadsheetText.of(values.get(i)));
                    }
                    printer.printRecord(cells);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The same as an Excel workbook: one sheet, every cell text (a number stays "+13125550166", never 1.3E10). */
    public long xlsx(String query, OutputStream out) throws IOException {
        try (var book = new SXSSFWorkbook(100)) {
            var sheet = book.createSheet("Customers");
            var header = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                header.createCell(i).setCellValue(COLUMNS.get(i));
            }
            sheet.setColumnWidth(0, 30 * 256);
            sheet.setColumnWidth(1, 32 * 256);
            var rowNumber = new int[] {1};
            long count = forEach(query, c -> {
                var row = sheet.createRow(rowNumber[0]++);
                var values = values(c);
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != null) {
                        row.createCell(i).setCellValue(values.get(i));
                    }
                }
            });
            book.write(out);
            book.dispose();
            return count;
        }
    }

    private long forEach(String query, Consumer<Customer> each) {
        long count = 0;
        Customers.After after = null;
        while (true) {
            var page = customers.list(query, BATCH, after);
            page.forEach(each);
            count += page.size();
            if (page.size() < BATCH) {
                return count;
            }
            var last = page.getLast();
            after = new Customers.After(last.name(), last.id());
        }
    }

    /** A customer's cells in the order of {@link #COLUMNS}; null for an empty one. */
    static List<String> values(Customer c) {
        return java.util.Arrays.asList(c.name(),
                c.phoneNumbers().isEmpty() ? null : c.phoneNumbers().stream().map(p -> p.e164()).collect(Collectors.joining("; ")),
                c.email(), c.externalId(), c.tags().isEmpty() ? null : String.join(", ", c.tags()), c.notes());
    }
}
