package dev.switchboard.directory;

import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports customers from CSV (parsed with commons-csv), separated by commas, or by semicolons or tabs as Excel saves
 * them in many countries (told by the header row). The header names the columns, in any case and with spaces for
 * underscores ("External ID"): {@code name}
 * (required), {@code phone} or {@code phone_numbers} (several separated by {@code ;}), {@code email},
 * {@code tags} (separated by {@code ;}), {@code external_id}, {@code notes}. Any other column is left out and named
 * in the result ({@code ignoredColumns}): a spreadsheet or CRM export always has some (an address, a fax), and refusing
 * the file for them would make the person delete columns by hand. Every bad row is reported
 * by its row number as a spreadsheet shows it (the header is row 1, each CSV record one row, a note over several lines
 * included, an empty line too) and the column's header as the file writes it ("row 3, column Phone: ..."), never by the API's
 * field names ({@code phone_numbers[0]}), which the person who made the file never wrote. A row with the name and a number of an existing customer, or of an earlier row, is refused as
 * the same customer again (several customers of other names may share a number). By default a file with any bad row
 * imports nothing; with {@code skipInvalid} the good rows are imported and the bad ones reported.
 *
 * <p>A business re-imports its CRM's export: with {@code updateByExternalId} (off by default), a row whose
 * {@code external_id} is an existing customer's updates that customer instead of being refused, each column the file
 * has set as the row gives it (an empty cell clears it), the columns it has not kept as they are. A row without an
 * external id is never merged into anyone: it adds a customer, or is refused as the same customer again.
 */
@Service
public class CustomerImport {

    static final int MAX_ROWS = 50_000;

    /** A customer file's limit, on the page and the API: 50,000 rows of a name, two numbers, an email and a note fit in it several times. */
    public static final long MAX_BYTES = 5L * 1024 * 1024;

    /** What the API says of a file over {@link #MAX_BYTES}, as the import page does (a problem's message, after the field). */
    public static final String TOO_LARGE = "is too large: a customer CSV file is at most 5 MB, and a file over 20 MB is refused "
            + "before it reaches the import. Split it into smaller files, each starting with the header row, and import them one "
            + "after the other.";
    private static final Set<String> COLUMNS = Set.of("name", "phone", "phone_numbers", "email", "tags", "external_id", "notes");

    private final Customers customers;
    private final AuditLog audit;

    CustomerImport(Customers customers, AuditLog audit) {
        this.customers = customers;
        this.audit = audit;
    }

    /**
     * A problem on one row of the file, numbered as a spreadsheet numbers it (row 1 is the header; a note over several
     * lines is still one row): {@code field} is the column's header as the file writes it ({@code row} for the row as a
     * whole, {@code file} for the file), and {@code message} says both, as it is shown. {@code customerId} is the existing
     * customer the problem is about (whose external id the row has), null for none.
     */
    public record RowError(long row, String field, String message, java.util.UUID customerId) {

        public RowError(long row, String field, String message) {
            this(row, field, message, null);
        }

        /**
         * The row's number under its former name: clients written when it was called {@code line} keep working. It was
         * always meant as the row, and now is that.
         *
         * @deprecated read {@link #row()}
         */
        @Deprecated
        @com.fasterxml.jackson.annotation.JsonProperty("line")
        public long line() {
            return row;
        }

        /** A problem with one cell: the row and the column named in the message as well. */
        static RowError cell(long row, String column, String problem) {
            return new RowError(row, column, "row " + row + ", column " + column + ": " + problem);
        }

        /** A problem with a row as a whole. */
        static RowError row(long row, String problem) {
            return new RowError(row, "row", "row " + row + ": " + problem);
        }
    }

    /**
     * What happened: {@code imported} rows saved as new customers, {@code updated} rows saved over the existing customer
     * of their external id (only when asked for), {@code errors} for rows not saved, {@code ignoredColumns} the file's
     * columns that are no customer column, by their headers as the file writes them (left out, whatever they hold).
     */
    public record Result(int imported, int updated, int rejected, boolean committed, List<RowError> errors,
            List<String> ignoredColumns) {
    }

    /** A row that updates the existing customer {@code id}. */
    private record Update(java.util.UUID id, Customers.Checked row) {
    }

    /**
     * A CSV file's bytes as text: UTF-8, with the byte-order mark Excel's "CSV UTF-8" puts first left out. Bytes that
     * are not UTF-8 (a file saved as Latin-1 or Windows-1252) are refused, naming the spreadsheet's row they are on (a
     * note over several lines is one row, as everywhere in the import) and what to do: read anyway, every accented name
     * would be stored with replacement characters.
     */
    public static Reader utf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        var in = java.nio.ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            long row = rowAt(out.flip().toString());
            throw new InvalidInputException("file", "encoding", "row " + row + " is not UTF-8 text (the file was saved in "
                    + "another encoding, such as Windows-1252): Save the file as CSV UTF-8 in your spreadsheet program and "
                    + "import it again");
        }
        decoder.flush(out);
        var text = out.flip().toString();
        return new java.io.StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * The spreadsheet row on which the text after {@code before} starts: one more than the records {@code before} ends,
     * counting its line breaks but those inside a quoted cell (a note over several lines), as the parser reads them. A
     * quote opens a cell only at its start, as in commons-csv: {@code 3/4" valve} is no quoted cell.
     */
    static long rowAt(String before) {
        before = before.startsWith("\uFEFF") ? before.substring(1) : before;
        char delimiter = delimiter(before.substring(blankRowsAbove(before).start()));
        long row = 1;
        boolean quoted = false;
        boolean cellStart = true;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < before.length() && before.charAt(i + 1) == '"') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < before.length() && before.charAt(i + 1) == '\n') {
                    i++;
                }
                row++;
                cellStart = true;
            } else if (c == delimiter) {
                cellStart = true;
            } else if (c == '"' && cellStart) {
                quoted = true;
                cellStart = false;
            } else if (!Character.isWhitespace(c)) {
                cellStart = false;
            }
        }
        return row;
    }

    /**
     * Where the header starts: after the blank rows above it ({@code rows}), lines with nothing but spaces and separators
     * in them, as a spreadsheet saves a table that does not start on its first row.
     */
    record Start(int rows, int start) {
    }

    static Start blankRowsAbove(String text) {
        int rows = 0;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                rows++;
                start = i;
            } else if (c == ',' || c == ';' || c == ' ' || c == '\t') {
                i++;
            } else {
                break;
            }
        }
        return new Start(rows, start);
    }

    /** As {@link #importCsv(Actor, Reader, boolean, boolean)} without updating anyone: an existing customer's row is refused. */
    @Transactional
    public Result importCsv(Actor actor, Reader csv, boolean skipInvalid) {
        return importCsv(actor, csv, skipInvalid, false);
    }

    /**
     * Imports the rows of {@code csv}; with {@code updateByExternalId}, a row whose external id is an existing customer's
     * updates that customer (see the class).
     */
    @Transactional
    public Result importCsv(Actor actor, Reader csv, boolean skipInvalid, boolean updateByExternalId) {
        Customers.requireWrite(actor);
        if (!actor.canConfigure() && actor.role() != dev.switchboard.tenancy.Role.SUPERVISOR) {
            throw new ForbiddenException("your role cannot import customers");
        }
        var errors = new ArrayList<RowError>();
        var good = new ArrayList<Customers.Checked>();
        var updates = new ArrayList<Update>();
        Set<String> columns;
        String text;
        try {
            text = read(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Blank rows above the header are left out of what is parsed, but still counted: every row keeps the number the
        // spreadsheet shows it with, the header's included.
        var above = blankRowsAbove(text);
        text = text.substring(above.start());
        long headerRow = above.rows() + 1;
        var format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(text)).setHeader().setSkipHeaderRecord(true)
                // Not trimmed by the parser (String.trim() drops every control character at a cell's ends, unseen): each
                // cell is checked for them (dev.switchboard.platform.Text), then stripped of its blanks (see cells).
                // Empty lines are read as (empty) records and skipped below, not by the parser: a spreadsheet shows
                // them as rows, so they count in the rows' numbers. A column without a header is one more to ignore.
                .setIgnoreEmptyLines(false).setAllowMissingColumnNames(true).setTrim(false).setIgnoreSurroundingSpaces(true).get();
        List<String> ignored = List.of();
        CSVParser parsing = null;
        try (var parser = format.parse(new java.io.StringReader(text))) {
            parsing = parser;
            var headerNames = parser.getHeaderNames();
            var header = headerNames.stream().map(CustomerImport::key).toList();
            // Each column's header as the file writes it ("Phone"), for the errors: the person looks for that.
            var written = new java.util.HashMap<String, String>();
            headerNames.forEach(h -> written.putIfAbsent(key(h), h.strip()));
            ignored = ignoredColumns(headerNames);
            var repeated = header.stream().filter(COLUMNS::contains)
                    .filter(h -> java.util.Collections.frequency(header, h) > 1).findFirst();
            if (repeated.isPresent()) {
                return rejectFile(errors, headerRow, repeated.get(), "row " + headerRow + " (the header): the column '" + repeated.get() + "' appears twice", ignored);
            }
            if (header.stream().noneMatch(COLUMNS::contains)) {
                return rejectFile(errors, headerRow, "name", "row " + headerRow + " (the header): none of its columns is a customer column (found: "
                        + String.join(", ", ignored) + "); the columns are name (required), "
                        + String.join(", ", COLUMNS.stream().filter(c -> !c.equals("name")).sorted().toList()), ignored);
            }
            if (!header.contains("name")) {
                return rejectFile(errors, headerRow, "name", "row " + headerRow + " (the header): there must be a 'name' column (found: "
                        + String.join(", ", headerNames.stream().map(String::strip).toList()) + ")", ignored);
            }
            columns = header.stream().filter(COLUMNS::contains).collect(java.util.stream.Collectors.toUnmodifiableSet());
            var seenExternal = new HashSet<String>();
            var seenCustomers = new java.util.HashMap<String, Long>();
            int rows = 0;
            for (CSVRecord record : parser) {
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // an empty line: a row of the spreadsheet with nothing in it
                }
                if (++rows > MAX_ROWS) {
                    return rejectFile(errors, headerRow, "file", "has more than " + MAX_ROWS + " rows; split it into smaller files", ignored);
                }
                // The parser counts the records after the header from 1; the header is the spreadsheet's row headerRow.
                long line = record.getRecordNumber() + headerRow;
                if (!record.isConsistent()) {
                    errors.add(RowError.row(line, "has " + record.size() + " values but the header has " + header.size()));
                    continue;
                }
                var values = knownColumns(record.toMap());
                var controls = controlCharacters(values);
                if (!controls.isEmpty()) {
                    controls.forEach(p -> errors.add(RowError.cell(line, written.get(p.field()), p.message())));
                    continue;
                }
                // A file may have both columns (a main phone and others): the numbers of both are the customer's.
                var phones = new ArrayList<>(split(values.get("phone")));
                int fromPhoneColumn = phones.size();
                phones.addAll(split(values.get("phone_numbers")));
                // The column each number was written in: the API's phone_numbers[i] counts them across both.
                java.util.function.IntFunction<String> phoneColumn = i -> written.get(i < fromPhoneColumn ? "phone" : "phone_numbers");
                var input = new CustomerInput(values.get("name"), values.get("email"), values.get("external_id"),
                        phones, split(values.getOrDefault("tags", "")), values.get("notes"));
                var checked = customers.validate(input, "");
                var rowErrors = new ArrayList<RowError>();
                for (var p : checked.problems()) {
                    rowErrors.add(RowError.cell(line, column(p.field(), written, phoneColumn), p.message()));
                }
                java.util.UUID updating = null;
                if (checked.externalId() != null) {
                    if (!seenExternal.add(checked.externalId())) {
                        rowErrors.add(RowError.cell(line, written.get("external_id"), "external id " + checked.externalId() + " appears twice in the file"));
                    } else if (updateByExternalId) {
                        updating = customers.lockByExternalId(checked.externalId()).orElse(null);
                    } else {
                        var holder = customers.externalIdHolder(checked.externalId(), null);
                        if (holder.isPresent()) {
                            var column = written.get("external_id");
                            rowErrors.add(new RowError(line, column, "row " + line + ", column " + column + ": "
                                    + Customers.externalIdTaken(checked.externalId(), holder.get().name())
                                    + " (to update such customers, import with \u201cupdate customers that have the same external id\u201d)",
                                    holder.get().id()));
                        }
                    }
                }
                if (checked.name() != null) {
                    // The same name with the same number is the same customer again (the file imported twice, a row
                    // copied): saved, calls would be linked to one of two copies. Another name is a shared line.
                    var key = checked.name().toLowerCase(Locale.ROOT);
                    var numbersSeen = new HashSet<String>();
                    for (int i = 0; i < phones.size(); i++) {
                        var number = customers.e164(phones.get(i));
                        if (number == null || !numbersSeen.add(number)) {
                            continue; // not a number (reported above) or the row's same number again (saved once)
                        }
                        var earlier = seenCustomers.putIfAbsent(key + "\n" + number, line);
                        if (earlier != null) {
                            rowErrors.add(RowError.cell(line, phoneColumn.apply(i), checked.name() + " with "
                                    + number + " is on row " + earlier + " too"));
                        } else if (customers.sameCustomerExists(checked.name(), number, updating)) {
                            rowErrors.add(RowError.cell(line, phoneColumn.apply(i), "a customer " + checked.name()
                                    + " with " + number + " already exists"));
                        }
                    }
                }
                if (rowErrors.isEmpty() && updating != null) {
                    updates.add(new Update(updating, checked));
                } else if (rowErrors.isEmpty()) {
                    good.add(checked);
                } else {
                    errors.addAll(rowErrors);
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // The parser's message counts lines of text from the header ("line: 3"), not the spreadsheet's rows: the row
            // is the one after the last record read (the header when it failed on the header).
            long row = parsing == null ? headerRow : headerRow + parsing.getRecordNumber() + 1;
            var cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            return rejectFile(errors, row, "file", "is not valid CSV at row " + row + " (" + csvProblem(cause) + ")", ignored);
        }
        if (good.isEmpty() && updates.isEmpty() && errors.isEmpty()) {
            return rejectFile(errors, headerRow, "file", "has no rows after the header", ignored);
        }
        long badLines = errors.stream().map(RowError::row).distinct().count();
        if (!errors.isEmpty() && !skipInvalid) {
            return new Result(0, 0, (int) badLines, false, errors, ignored);
        }
        good.forEach(customers::insert);
        for (var u : updates) {
            customers.updateFromImport(u.id(), u.row(), columns);
        }
        audit.record(actor, "customer", null, "import", null, Map.of("imported", good.size(), "updated", updates.size(),
                "rejected", badLines, "update_by_external_id", updateByExternalId, "ignored_columns", ignored));
        return new Result(good.size(), updates.size(), (int) badLines, true, errors, ignored);
    }

    private static String read(Reader csv) throws IOException {
        var text = new java.io.StringWriter();
        csv.transferTo(text);
        return text.toString();
    }

    /**
     * The header row's delimiter: a comma, or the semicolon (or tab) that Excel puts between columns where the comma
     * is the decimal separator (most of Europe), when the header row has that and no comma.
     */
    private static char delimiter(String text) {
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        var header = text.substring(0, end);
        if (header.indexOf(',') >= 0) {
            return ',';
        }
        return header.indexOf(';') >= 0 ? ';' : header.indexOf('\t') >= 0 ? '\t' : ',';
    }

    /**
     * The column of the file a field of {@link Customers#validate} came from, as the file writes it: {@code
     * phone_numbers[i]} is the i-th number of the row, in the {@code phone} column or the {@code phone_numbers} one.
     */
    private static String column(String field, Map<String, String> written, java.util.function.IntFunction<String> phoneColumn) {
        var index = java.util.regex.Pattern.compile("phone_numbers\\[(\\d+)]").matcher(field);
        if (index.matches()) {
            return phoneColumn.apply(Integer.parseInt(index.group(1)));
        }
        if (field.equals("phone_numbers")) {
            // "at most 20 numbers": whichever of the two columns the row uses (the first when both)
            return written.containsKey("phone") ? written.get("phone") : written.get("phone_numbers");
        }
        return written.getOrDefault(field, field);
    }

    /**
     * What the parser found wrong, in words about cells: its messages speak of tokens and count lines of text (a note
     * over several lines counts for each), which the row named beside them replaces. Any other message is kept.
     */
    private static String csvProblem(Throwable e) {
        var message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("between encapsulated token and delimiter")) {
            return "a quoted cell goes on after its closing quote; a quote inside a quoted cell is written twice: \"\"";
        }
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "a quoted cell has no closing quote";
        }
        return message;
    }

    private static Result rejectFile(List<RowError> errors, long row, String field, String message, List<String> ignored) {
        errors.add(new RowError(row, field, message));
        return new Result(0, 0, 0, false, errors, ignored);
    }

    /**
     * The header's columns that are no customer column, as the file writes them ("Address", "Notes 2"); one without a
     * header by its place ("column 5 (no header)"). Each once, in the file's order.
     */
    private static List<String> ignoredColumns(List<String> headerNames) {
        var ignored = new java.util.LinkedHashSet<String>();
        for (int i = 0; i < headerNames.size(); i++) {
            var h = headerNames.get(i) == null ? "" : headerNames.get(i).strip();
            if (h.isEmpty()) {
                ignored.add("column " + (i + 1) + " (no header)");
            } else if (!COLUMNS.contains(key(h))) {
                ignored.add(h);
            }
        }
        return List.copyOf(ignored);
    }

    /**
     * The column a header names: in any case, and with spaces where the names have underscores, as a person heads a
     * spreadsheet's column ("External ID", "Phone numbers" are {@code external_id}, {@code phone_numbers}).
     */
    static String key(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
    }

    /** The row's cells of the customer columns, by their names; the ignored columns' cells are not looked at. */
    private static Map<String, String> knownColumns(Map<String, String> map) {
        var result = new java.util.HashMap<String, String>();
        map.forEach((k, v) -> {
            if (k != null && COLUMNS.contains(key(k))) {
                result.put(key(k), v);
            }
        });
        return result;
    }

    /**
     * The row's cells holding a control character, each named by its column, as in a JSON body: the notes may hold tab
     * and line breaks (a quoted cell over several lines), no other cell any. The cells kept are stripped of blanks.
     */
    private static List<FieldProblem> controlCharacters(Map<String, String> values) {
        var problems = new ArrayList<FieldProblem>();
        for (var column : values.keySet().stream().sorted().toList()) {
            var value = values.get(column);
            var problem = dev.switchboard.platform.Text.problem(value, column.equals("notes"));
            if (problem != null) {
                problems.add(new FieldProblem(column, "text", problem));
            } else if (value != null) {
                values.put(column, value.strip());
            }
        }
        return problems;
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split("[;|]")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
