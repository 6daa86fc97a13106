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
 * them in many countries (told by the header row). The header names the columns as spreadsheets and CRM exports
 * usually do, in any case, spacing and punctuation ({@link #classify}): {@code name} (required; or "Full Name",
 * "Customer Name", "Company", or "First Name" and "Last Name" joined), {@code phone} (or "Phone Number",
 * "phone_numbers", "Mobile", "Cell", "Telephone", "Tel", "Work Phone"...: the numbers of every such column are the
 * customer's), {@code email} (or "E-mail", "Email Address"), {@code tags}, {@code external_id} (or "CRM ID",
 * "Customer ID"), {@code notes} (or "Comments"); several numbers or tags in a cell are separated by line breaks, commas,
 * semicolons or bars, as the customer form takes them ({@link CustomerInput#split}). A row of empty cells (",,", as a
 * spreadsheet saves a row it emptied) is skipped as an empty line is. Any other column is left out and named
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
     * columns that are no customer column, by their headers as the file writes them (left out, whatever they hold), and
     * {@code linkedCalls} the earlier calls from the numbers of the customers saved, made while the number was nobody's,
     * now linked to them.
     */
    public record Result(int imported, int updated, int rejected, boolean committed, List<RowError> errors,
            List<String> ignoredColumns, int linkedCalls) {

        Result(int imported, int updated, int rejected, boolean committed, List<RowError> errors, List<String> ignoredColumns) {
            this(imported, updated, rejected, committed, errors, ignoredColumns, 0);
        }
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

    /** The most text an .xlsx file's first sheet may come to once read (its cells as a CSV file would hold them). */
    static final int MAX_SHEET_CHARS = 20 * 1024 * 1024;

    /**
     * An uploaded customer file as text to import: an Excel workbook (.xlsx, as Excel, Google Sheets and LibreOffice save
     * one; told by its content, a zip, not its name) is read as {@link #xlsx}, anything else as CSV in UTF-8 ({@link #utf8}).
     */
    public static Reader text(byte[] bytes) {
        boolean zip = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        return zip ? xlsx(bytes) : utf8(bytes);
    }

    /**
     * The first sheet of an Excel workbook as CSV text, each cell as the spreadsheet shows it (POI's DataFormatter: a phone
     * number typed as a number in a General cell is its digits; one the sheet shows in scientific notation is refused as
     * the CSV import refuses it, saying why), every row of the sheet one record (an empty one for an empty row, so each
     * keeps the number the spreadsheet shows it with) and every record as wide as the widest, as Excel saves a sheet as
     * CSV. Read as a stream of the sheet's XML (no workbook held in memory), within POI's zip-bomb checks (an entry that
     * inflates more than 100 times is refused), and stopped at {@link #MAX_ROWS} rows or {@link #MAX_SHEET_CHARS} of text:
     * a small file that unpacks to gigabytes is refused, not read. A file that is no workbook is refused naming the file.
     */
    static Reader xlsx(byte[] bytes) {
        var rows = new ArrayList<List<String>>();
        var size = new long[1];
        class TooBig extends RuntimeException {
            TooBig(String message) {
                super(message, null, false, false);
            }
        }
        var handler = new org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler.SheetContentsHandler() {
            List<String> row;

            @Override
            public void startRow(int rowNum) {
                while (rows.size() < rowNum) {
                    rows.add(List.of());
                }
                if (rowNum > MAX_ROWS + 1000) {
                    throw new TooBig("this workbook has more than " + MAX_ROWS + " rows; split it into smaller files");
                }
                row = new ArrayList<>();
            }

            @Override
            public void endRow(int rowNum) {
                rows.add(row);
            }

            @Override
            public void cell(String reference, String formatted, org.apache.poi.xssf.usermodel.XSSFComment comment) {
                int column = reference == null ? row.size() : new org.apache.poi.ss.util.CellReference(reference).getCol();
                while (row.size() < column) {
                    row.add("");
                }
                var value = formatted == null ? "" : formatted;
                size[0] += value.length() + 1;
                if (size[0] > MAX_SHEET_CHARS) {
                    throw new TooBig("this workbook holds more than " + MAX_SHEET_CHARS / (1024 * 1024) + " MB of text once unpacked; split it into smaller files");
                }
                row.add(value);
            }
        };
        try (var pkg = org.apache.poi.openxml4j.opc.OPCPackage.open(new java.io.ByteArrayInputStream(bytes))) {
            var reader = new org.apache.poi.xssf.eventusermodel.XSSFReader(pkg);
            var sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new InvalidInputException("file", "format", "this workbook has no sheet");
            }
            try (var sheet = sheets.next()) {
                var xml = org.apache.poi.util.XMLHelper.newXMLReader();
                xml.setContentHandler(new org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler(reader.getStylesTable(), null,
                        new org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable(pkg), handler,
                        new org.apache.poi.ss.usermodel.DataFormatter(java.util.Locale.US), false));
                xml.parse(new org.xml.sax.InputSource(sheet));
            }
        } catch (TooBig e) {
            throw new InvalidInputException("file", "size", e.getMessage());
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidInputException("file", "format", "this file is not a workbook this import reads: save it in your spreadsheet program "
                    + "as an Excel workbook (.xlsx) or as CSV UTF-8 and import that file");
        }
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        var out = new java.io.StringWriter();
        try (var printer = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(out)) {
            for (var row : rows) {
                if (row.isEmpty()) {
                    printer.println();
                    continue;
                }
                var padded = new ArrayList<>(row);
                while (padded.size() < width) {
                    padded.add("");
                }
                printer.printRecord(padded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new java.io.StringReader(out.toString());
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
            var layout = Layout.of(headerNames);
            ignored = layout.ignored();
            if (layout.repeated() != null) {
                return rejectFile(errors, headerRow, layout.repeated().field(), "row " + headerRow + " (the header): the column '"
                        + layout.repeated().header() + "' appears twice", ignored);
            }
            if (layout.used().isEmpty()) {
                return rejectFile(errors, headerRow, "name", "row " + headerRow + " (the header): none of its columns is a customer column (found: "
                        + String.join(", ", ignored) + "); the columns are " + COLUMNS_IN_WORDS, ignored);
            }
            if (layout.names().isEmpty()) {
                return rejectFile(errors, headerRow, "name", "row " + headerRow + " (the header): there must be a 'name' column "
                        + NAME_IN_WORDS + " (found: " + String.join(", ", headerNames.stream().map(h -> h == null ? "" : h.strip()).toList()) + ")",
                        ignored);
            }
            columns = layout.used().stream().map(Column::field).collect(java.util.stream.Collectors.toUnmodifiableSet());
            // Its rows are checked for customers already there, and saved, with no one else adding one meanwhile.
            customers.lockForDuplicates();
            var seenExternal = new HashSet<String>();
            var seenCustomers = new java.util.HashMap<String, Long>();
            int rows = 0;
            for (CSVRecord record : parser) {
                if (record.stream().allMatch(String::isBlank)) {
                    // An empty line, or a row of empty cells (",,", as a spreadsheet saves a row it emptied): a row of the
                    // spreadsheet with nothing in it.
                    continue;
                }
                if (++rows > MAX_ROWS) {
                    return rejectFile(errors, headerRow, "file", "has more than " + MAX_ROWS + " rows; split it into smaller files", ignored);
                }
                // The parser counts the records after the header from 1; the header is the spreadsheet's row headerRow.
                long line = record.getRecordNumber() + headerRow;
                if (!record.isConsistent()) {
                    errors.add(RowError.row(line, "has " + record.size() + " values but the header has " + headerNames.size()));
                    continue;
                }
                var cells = new java.util.HashMap<Column, String>();
                var controls = new ArrayList<RowError>();
                for (var column : layout.used()) {
                    var value = column.index() < record.size() ? record.get(column.index()) : null;
                    var problem = dev.switchboard.platform.Text.problem(value, column.field().equals("notes"));
                    if (problem != null) {
                        controls.add(RowError.cell(line, column.header(), problem));
                    } else {
                        // A text the export quoted against being run as a formula is read as it was.
                        cells.put(column, value == null ? null : dev.switchboard.platform.SpreadsheetText.unquote(value.strip()));
                    }
                }
                if (!controls.isEmpty()) {
                    errors.addAll(controls);
                    continue;
                }
                // Every phone column's numbers are the customer's (a main phone, a mobile, a work phone...), in the file's order.
                var phones = new ArrayList<String>();
                var phoneColumns = new ArrayList<String>();
                for (var column : layout.phones()) {
                    for (var number : CustomerInput.split(cells.get(column))) {
                        phones.add(wholeNumber(number));
                        phoneColumns.add(column.header());
                    }
                }
                // The API's phone_numbers[i] counts the numbers across the columns: the column each one was written in.
                java.util.function.IntFunction<String> phoneColumn = i -> i < phoneColumns.size() ? phoneColumns.get(i)
                        : layout.phones().getFirst().header();
                var input = new CustomerInput(layout.name(cells), layout.cell("email", cells), layout.cell("external_id", cells),
                        phones, CustomerInput.split(layout.cell("tags", cells)), layout.cell("notes", cells));
                var checked = customers.validate(input, "");
                var rowErrors = new ArrayList<RowError>();
                for (var p : checked.problems()) {
                    var index = java.util.regex.Pattern.compile("phone_numbers\\[(\\d+)]").matcher(p.field());
                    var shortened = index.matches() ? shortenedBySpreadsheet(phones.get(Integer.parseInt(index.group(1)))) : null;
                    rowErrors.add(RowError.cell(line, layout.column(p.field(), phoneColumn), shortened != null ? shortened : p.message()));
                }
                java.util.UUID updating = null;
                if (checked.externalId() != null) {
                    if (!seenExternal.add(checked.externalId())) {
                        rowErrors.add(RowError.cell(line, layout.header("external_id"), "external id " + checked.externalId() + " appears twice in the file"));
                    } else if (updateByExternalId) {
                        updating = customers.lockByExternalId(checked.externalId()).orElse(null);
                    } else {
                        var holder = customers.externalIdHolder(checked.externalId(), null);
                        if (holder.isPresent()) {
                            var column = layout.header("external_id");
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
                        } else {
                            // Naming them (the page links them, the API gives their customer_id), as a taken external id does.
                            var column = phoneColumn.apply(i);
                            customers.sameCustomer(checked.name(), number, updating).ifPresent(same -> rowErrors.add(new RowError(line,
                                    column, "row " + line + ", column " + column + ": a customer " + checked.name() + " with " + number
                                    + " already exists", same)));
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
        int linked = 0;
        for (var row : good) {
            linked += customers.linkEarlierCalls(customers.insert(row), row.numbers());
        }
        for (var u : updates) {
            linked += customers.updateFromImport(u.id(), u.row(), columns);
        }
        audit.record(actor, "customer", null, "import", null, Map.of("imported", good.size(), "updated", updates.size(),
                "rejected", badLines, "update_by_external_id", updateByExternalId, "ignored_columns", ignored, "linked_calls", linked));
        return new Result(good.size(), updates.size(), (int) badLines, true, errors, ignored, linked);
    }

    /** A phone number a spreadsheet saved as a decimal number: digits, a point and zeros ("13125550166.0"). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("(\\+?[0-9]{7,15})\\.0+");
    /** A number a spreadsheet wrote in scientific notation ("3.12555E+09"), its last digits rounded away. */
    private static final java.util.regex.Pattern SCIENTIFIC = java.util.regex.Pattern.compile("\\+?[0-9]+([.,][0-9]+)?[eE]\\+?[0-9]+");

    /**
     * A phone cell as the number it holds: a spreadsheet's number column saved as a decimal ("13125550166.0", as a
     * number cell leaves a program that writes it with its decimal part) is that number's digits; anything else as it is.
     */
    static String wholeNumber(String cell) {
        var decimal = DECIMAL.matcher(cell);
        return decimal.matches() ? decimal.group(1) : cell;
    }

    /**
     * Why a phone cell in scientific notation ("3.12555E+09": a long number in a spreadsheet's General format, as Excel
     * shows and saves it) is no number, and what to do; null for any other cell. Its last digits are gone: no number can
     * be read from it, and "is not a phone number" alone left the person looking at a cell that shows one.
     */
    static String shortenedBySpreadsheet(String cell) {
        return SCIENTIFIC.matcher(cell).matches() ? "'" + cell + "' is a number your spreadsheet wrote in scientific notation, "
                + "which lost its last digits: format the phone column as Text in the spreadsheet (and type the numbers again if "
                + "they show as " + cell + " there), save it as CSV again and import it" : null;
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
     * A column of the file that fills a customer field: its place, its header as the file writes it, the field
     * ({@code name}, {@code first_name}, {@code last_name}, {@code phone}, {@code email}, {@code tags},
     * {@code external_id}, {@code notes}), and how plainly the header names it (lower first: "Name" before "Company").
     */
    record Column(int index, String header, String field, int rank) {
    }

    /** Headers naming a customer's name, the plainest first: a person's name before a company's ("Company"). */
    private static final List<String> NAMES = List.of("name", "fullname", "customername", "customer", "contactname", "clientname",
            "client", "displayname", "customerfullname", "company", "companyname", "businessname", "business", "organization",
            "organisation", "organizationname", "organisationname");
    /** The first header of {@link #NAMES} that is a company's: a first and last name, when the file has them, come before. */
    private static final int COMPANY_RANK = NAMES.indexOf("company");
    private static final List<String> FIRST_NAMES = List.of("firstname", "givenname", "first", "forename");
    private static final List<String> LAST_NAMES = List.of("lastname", "familyname", "surname", "last");
    /**
     * A phone column, as spreadsheets and CRM exports head them: "Phone", "Phone Number", "Phone numbers", "Mobile",
     * "Cell", "Telephone", "Tel", "Work Phone", "Mobile Phone", "Phone 2", "Phone 1 - Value" (Google Contacts).
     */
    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("(home|work|business|office|main|primary|"
            + "other|day|daytime|evening|alt|alternate|alternative|second|secondary|direct|private|personal|contact|customer|"
            + "company)?(phone|phones|telephone|telephones|tel|mobile|mobiles|cell|cellphone|cellular|mobilephone|landline)"
            + "(number|numbers|no|num)?\\d*(value)?");
    /** An email column: "Email", "E-mail", "Email Address", "E-mail 1 - Value", "Work Email". */
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(
            "(primary|work|home|other|personal|business|contact|customer)?(email|emails)(address|addresses|addr)?\\d*(value)?");
    private static final List<String> TAGS = List.of("tags", "tag", "labels", "label");
    private static final List<String> EXTERNAL_IDS = List.of("externalid", "externalreference", "externalref", "crmid", "customerid",
            "clientid", "accountid", "accountnumber", "accountno");
    private static final List<String> NOTES = List.of("notes", "note", "comments", "comment", "remarks", "memo");

    /** The customer columns in words, as a header with none of them is told them. */
    static final String COLUMNS_IN_WORDS = "name (required; or Full Name, Customer Name, Company, or First Name and Last Name), "
            + "phone (or Phone Number, Mobile, Cell, Telephone, Tel, Work Phone...: every such column's numbers are taken), "
            + "email (or E-mail, Email Address), tags, external_id (or CRM ID, Customer ID), notes (or Comments)";
    static final String NAME_IN_WORDS = "(or Full Name, Customer Name, Company, or First Name and Last Name)";

    /**
     * The field a header names, and how plainly, or null: in any case, spaces, underscores, hyphens and other punctuation
     * left out ("Phone Number", "phone_numbers", "E-mail", "External ID").
     */
    static Column classify(int index, String header) {
        var key = header == null ? "" : header.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
        if (key.isEmpty()) {
            return null;
        }
        var h = header.strip();
        if (NAMES.contains(key)) {
            return new Column(index, h, "name", NAMES.indexOf(key));
        }
        if (FIRST_NAMES.contains(key)) {
            return new Column(index, h, "first_name", FIRST_NAMES.indexOf(key));
        }
        if (LAST_NAMES.contains(key)) {
            return new Column(index, h, "last_name", LAST_NAMES.indexOf(key));
        }
        if (PHONE.matcher(key).matches()) {
            return new Column(index, h, "phone", 0);
        }
        if (EMAIL.matcher(key).matches()) {
            return new Column(index, h, "email", key.equals("email") ? 0 : 1);
        }
        for (var names : List.of(Map.entry("tags", TAGS), Map.entry("external_id", EXTERNAL_IDS), Map.entry("notes", NOTES))) {
            if (names.getValue().contains(key)) {
                return new Column(index, h, names.getKey(), names.getValue().indexOf(key));
            }
        }
        return null;
    }

    /**
     * Which of the file's columns fill which customer field: every phone column; for each other field, the column whose
     * header names it most plainly (the others left out, and named as ignored); the name from "First Name" and "Last Name"
     * when no column is the whole name (a company's name, "Company", only when there are neither). {@code repeated} is a
     * column whose header is another's again (in any case or spacing), where both would fill the field: which is meant
     * cannot be told.
     */
    record Layout(List<Column> used, List<Column> phones, List<Column> names, List<String> ignored, Column repeated) {

        static Layout of(List<String> headerNames) {
            var all = new ArrayList<Column>();
            for (int i = 0; i < headerNames.size(); i++) {
                var c = classify(i, headerNames.get(i));
                if (c != null) {
                    all.add(c);
                }
            }
            var used = new ArrayList<Column>();
            Column repeated = null;
            for (var field : List.of("name", "first_name", "last_name", "phone", "email", "tags", "external_id", "notes")) {
                var of = all.stream().filter(c -> c.field().equals(field)).toList();
                var chosen = field.equals("phone") ? of
                        : of.stream().filter(c -> c.rank() == of.stream().mapToInt(Column::rank).min().orElse(0)).toList();
                // The same header twice ("name,Name"): which one is meant cannot be told. Two headers naming the field alike
                // ("Work Email", "Home Email"): the first.
                var keys = new HashSet<String>();
                for (var c : chosen) {
                    if (!keys.add(c.header().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "")) && repeated == null) {
                        repeated = c;
                    }
                }
                used.addAll(field.equals("phone") ? chosen : chosen.stream().limit(1).toList());
            }
            // A whole name before a first and last name; those before a company's name.
            var name = used.stream().filter(c -> c.field().equals("name")).findFirst();
            boolean firstLast = used.stream().anyMatch(c -> c.field().equals("first_name") || c.field().equals("last_name"));
            if (name.isPresent() && firstLast) {
                if (name.get().rank() >= COMPANY_RANK) {
                    used.remove(name.get());
                } else {
                    used.removeIf(c -> c.field().equals("first_name") || c.field().equals("last_name"));
                }
            }
            used.sort(java.util.Comparator.comparingInt(Column::index));
            var ignored = new java.util.LinkedHashSet<String>();
            for (int i = 0; i < headerNames.size(); i++) {
                var h = headerNames.get(i) == null ? "" : headerNames.get(i).strip();
                int index = i;
                if (h.isEmpty()) {
                    ignored.add("column " + (i + 1) + " (no header)");
                } else if (used.stream().noneMatch(c -> c.index() == index)) {
                    ignored.add(h);
                }
            }
            var phones = used.stream().filter(c -> c.field().equals("phone")).toList();
            var names = used.stream().filter(c -> c.field().equals("name") || c.field().equals("first_name")
                    || c.field().equals("last_name")).toList();
            return new Layout(List.copyOf(used), phones, names, List.copyOf(ignored), repeated);
        }

        /** The row's cell of {@code field}'s column, stripped; null when the file has no such column. */
        String cell(String field, Map<Column, String> cells) {
            return used.stream().filter(c -> c.field().equals(field)).findFirst().map(cells::get).orElse(null);
        }

        /** The row's name: its name column's, or its first and last names' joined. */
        String name(Map<Column, String> cells) {
            var whole = cell("name", cells);
            if (names.stream().anyMatch(c -> c.field().equals("name"))) {
                return whole;
            }
            return String.join(" ", java.util.stream.Stream.of(cell("first_name", cells), cell("last_name", cells))
                    .filter(s -> s != null && !s.isBlank()).toList());
        }

        /** The header of {@code field}'s column as the file writes it (the name's: its first column's). */
        String header(String field) {
            var of = field.equals("name") ? names.stream() : used.stream().filter(c -> c.field().equals(field));
            return of.findFirst().map(Column::header).orElse(field);
        }

        /**
         * The column of the file a field of {@link Customers#validate} came from, as the file writes it: {@code
         * phone_numbers[i]} is the i-th number of the row, counted across its phone columns.
         */
        String column(String field, java.util.function.IntFunction<String> phoneColumn) {
            var index = java.util.regex.Pattern.compile("phone_numbers\\[(\\d+)]").matcher(field);
            if (index.matches()) {
                return phoneColumn.apply(Integer.parseInt(index.group(1)));
            }
            // "at most 20 numbers": the first of the phone columns
            return header(field.equals("phone_numbers") ? "phone" : field);
        }
    }
}
