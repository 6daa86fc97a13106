package dev.switchboard.calls.web;

import dev.switchboard.calls.CallLogs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * The call log as a file, written row by row as the keyset pages are read: CSV with commons-csv, XLSX
 * with POI's streaming workbook (a window of 100 rows in memory; the rest goes to a temporary file).
 */
@Component
class CallExport {

    /**
     * The columns. {@code started} is the company's local time (as the page shows it; in XLSX a date cell), which is
     * ambiguous in the hour repeated when clocks go back: {@code started_utc} says which. {@code voicemail_deleted_at} is
     * when the message the caller left was moved to the voicemail's Deleted folder, while it is there, in the same local
     * time as {@code started}; blank as the API's is null (also for an agent, for a message in another member's box).
     * {@code customer} and {@code job} are the name of the customer the call is linked to and the title of its job, as
     * they are now; blank for none, and for one deleted since. {@code made_by} is the member who made a call out (a
     * click-to-call, a queue callback), blank for a call in. The later columns are last, so that a spreadsheet or script
     * reading the columns by their place before they were added reads them as it did.
     */
    static final List<String> COLUMNS = List.of("started", "direction", "from", "to", "outcome", "answered_by",
            "duration_seconds", "billable_seconds", "cost_cents", "recording", "tags", "notes", "call_id", "started_utc",
            "voicemail_deleted_at", "customer", "job", "made_by");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CallLogs logs;

    CallExport(CallLogs logs) {
        this.logs = logs;
    }

    long csv(CallLogs.Filter filter, Map<UUID, String> names, ZoneId zone, OutputStream out) throws IOException {
        var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (var printer = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get().print(writer)) {
            return logs.forEach(filter, e -> {
                try {
                    printer.printRecord(values(e, names, zone).stream().map(v -> v instanceof LocalDateTime t ? TIME.format(t) : dev.switchboard.platform.SpreadsheetText.of(v))
                            .toList());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    long xlsx(CallLogs.Filter filter, Map<UUID, String> names, ZoneId zone, OutputStream out) throws IOException {
        try (var book = new SXSSFWorkbook(100)) {
            var sheet = book.createSheet("Calls");
            var header = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                header.createCell(i).setCellValue(COLUMNS.get(i));
            }
            var dateStyle = book.createCellStyle();
            dateStyle.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            sheet.setColumnWidth(0, 20 * 256);
            sheet.setColumnWidth(COLUMNS.indexOf("voicemail_deleted_at"), 20 * 256);
            var rowNumber = new int[] {1};
            long count = logs.forEach(filter, e -> {
                var row = sheet.createRow(rowNumber[0]++);
                var values = values(e, names, zone);
                for (int i = 0; i < values.size(); i++) {
                    var v = values.get(i);
                    if (v instanceof LocalDateTime t) {
                        // A date a spreadsheet sorts and filters as one (the company's local time, to the second).
                        var cell = row.createCell(i);
                        cell.setCellValue(t);
                        cell.setCellStyle(dateStyle);
                    } else if (v instanceof Number n) {
                        row.createCell(i).setCellValue(n.doubleValue());
                    } else if (v != null) {
                        row.createCell(i).setCellValue(v.toString());
                    }
                }
            });
            book.write(out);
            book.dispose();
            return count;
        }
    }

    /** Where the call's recording is: stored, fetching (still being copied from the carrier), failed (with why), or blank. */
    private static String recording(CallLogs.Entry e) {
        if (e.recordingStatus() == null || e.recordingStatus() == CallLogs.RecordingStatus.NONE) {
            return null;
        }
        var status = e.recordingStatus().name().toLowerCase(java.util.Locale.ROOT);
        return e.recordingError() == null ? status : status + ": " + e.recordingError();
    }

    /** A row's values, in the order of {@link #COLUMNS}: the local times as {@link LocalDateTime}s, to the second. */
    static List<Object> values(CallLogs.Entry e, Map<UUID, String> names, ZoneId zone) {
        return java.util.Arrays.asList(time(e.startedAt(), zone), e.direction(), e.fromNumber(), e.toNumber(), e.outcome(),
                e.answeredBy() == null ? null : names.getOrDefault(e.answeredBy(), e.answeredBy().toString()),
                e.durationSeconds(), e.billableSeconds(), e.costCents(), recording(e), String.join(", ", e.tags()), e.notes(),
                e.id().toString(), e.startedAt() == null ? null : e.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                time(e.voicemailDeletedAt(), zone), e.customerName(), e.jobTitle(),
                e.madeBy() == null ? null : names.getOrDefault(e.madeBy(), e.madeBy().toString()));
    }

    private static LocalDateTime time(Instant i, ZoneId zone) {
        return i == null ? null : i.atZone(zone).toLocalDateTime().withNano(0);
    }
}
