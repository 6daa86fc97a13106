package dev.switchboard.directory.web;

import dev.switchboard.directory.CustomerImport;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Customers from a CSV file, as the API's import: the same columns and checks, all or nothing unless the good rows
 * are asked for; existing customers updated by their external id only when that is ticked. The result says how many were imported and each refused row with its reason (row and column as the
 * file writes them, a customer it names linked), and which of the file's columns were ignored. A file that is no customer
 * file (not CSV, empty, too large) is refused in plain words.
 */
@Controller
@PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
class CustomerImportPage {

    static final String URL = "/customers/import";

    static final long MAX_BYTES = CustomerImport.MAX_BYTES;

    private static final List<String> TEXT_EXTENSIONS = List.of("csv", "txt", "tsv");

    /**
     * What the shared "too large" page says for this form: a file over the 20 MB multipart limit is refused before it
     * gets here, and the page would otherwise speak of audio files.
     */
    @org.springframework.context.annotation.Bean
    static dev.switchboard.platform.UploadForm customerImportUploadForm() {
        return new dev.switchboard.platform.UploadForm(URL, "The file is too large: a customer CSV file is at most "
                + megabytes(MAX_BYTES).replace(".0 ", " ") + ", and a file over 20 MB is refused before it reaches the import. "
                + "Split it into smaller files, each starting with the header row, and import them one after the other.");
    }

    /**
     * A refused row's reason as the page lists it, with the existing customer it names (whose external id the row has)
     * to link to, or null. Serializable: it is kept in the session between the post and the page it redirects to.
     */
    record Reason(String message, java.util.UUID customerId) implements java.io.Serializable {
    }

    private final CustomerImport customerImport;

    CustomerImportPage(CustomerImport customerImport) {
        this.customerImport = customerImport;
    }

    @GetMapping(URL)
    String page(Model model) {
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
        }
        if (!model.containsAttribute("refused")) {
            model.addAttribute("refused", List.of());
        }
        model.addAttribute("skipInvalid", false);
        model.addAttribute("updateExisting", false);
        return "customers/import";
    }

    @PostMapping(URL)
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(defaultValue = "false") boolean skipInvalid, @RequestParam(defaultValue = "false") boolean updateExisting,
            Model model, HttpServletResponse response, RedirectAttributes redirect) throws IOException {
        model.addAttribute("skipInvalid", skipInvalid);
        model.addAttribute("updateExisting", updateExisting);
        var refusal = refusal(file);
        if (refusal != null) {
            return refused(model, response, refusal, List.of());
        }
        CustomerImport.Result result;
        try {
            result = customerImport.importCsv(Actor.current().orElseThrow(), CustomerImport.text(file.getBytes()), skipInvalid,
                    updateExisting);
        } catch (InvalidInputException e) {
            return refused(model, response, "Nothing was imported: " + e.problems().getFirst().message() + ".", List.of());
        }
        var reasons = new ArrayList<Reason>(result.errors().stream().map(e -> new Reason(e.message(), e.customerId())).toList());
        var ignored = result.ignoredColumns().isEmpty() ? null
                : "Ignored columns (not customer columns, left out): " + String.join(", ", result.ignoredColumns()) + ".";
        model.addAttribute("ignored", ignored);
        if (!result.committed() && result.rejected() == 0) {
            // The file as a whole (its header, no rows, not CSV): one reason, said as a sentence about the file.
            model.addAttribute("ignored", null);
            var first = result.errors().getFirst();
            return refused(model, response, "Nothing was imported: "
                    + (first.field().equals("file") ? "the file " : "") + first.message() + ".", List.of());
        }
        if (!result.committed()) {
            var them = result.rejected() == 1 ? "it" : "them";
            return refused(model, response, "Nothing was imported: " + rows(result.rejected()) + " refused. Correct " + them
                    + " and import the file again, or tick \u201cimport the good rows\u201d to import the others and leave "
                    + (result.rejected() == 1 ? "it" : "these") + " out.", reasons);
        }
        redirect.addFlashAttribute("saved", customers(result.imported()) + " imported"
                + (updateExisting ? ", " + customers(result.updated()) + " updated" : "")
                + (result.linkedCalls() == 0 ? "" : result.linkedCalls() == 1 ? " (1 earlier call from their numbers is now linked to them)"
                        : " (" + result.linkedCalls() + " earlier calls from their numbers are now linked to them)")
                + (result.rejected() == 0 ? "." : "; " + rows(result.rejected()) + " refused, not imported:"));
        redirect.addFlashAttribute("refused", reasons);
        redirect.addFlashAttribute("ignored", ignored);
        return "redirect:" + URL;
    }

    /** What is wrong with the upload as a file, before any of it is read as CSV; null when nothing is. */
    static String refusal(MultipartFile file) {
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
            return "Nothing was imported: choose a CSV file first.";
        }
        var name = file.getOriginalFilename();
        var dot = name.lastIndexOf('.');
        var extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (extension.equals("xls") || extension.equals("ods")) {
            return "Nothing was imported: \u201c" + name + "\u201d is a spreadsheet this import does not read. In your spreadsheet "
                    + "program, save it as an Excel workbook (.xlsx) or as \u201cCSV UTF-8\u201d and import that file.";
        }
        if (!extension.isEmpty() && !extension.equals("xlsx") && !TEXT_EXTENSIONS.contains(extension)) {
            return "Nothing was imported: \u201c" + name + "\u201d is not a CSV file (a .csv file with a header row "
                    + "such as name,phone,email).";
        }
        if (file.isEmpty()) {
            return "Nothing was imported: \u201c" + name + "\u201d is empty.";
        }
        if (file.getSize() > MAX_BYTES) {
            return "Nothing was imported: \u201c" + name + "\u201d is " + megabytes(file.getSize())
                    + "; a customer file is at most 5 MB. Split it into smaller files.";
        }
        return null;
    }

    private static String refused(Model model, HttpServletResponse response, String problem, List<Reason> reasons) {
        response.setStatus(422);
        model.addAttribute("problem", problem);
        model.addAttribute("refused", reasons);
        return "customers/import";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String rows(int n) {
        return n == 1 ? "1 row" : n + " rows";
    }

    private static String customers(int n) {
        return n == 1 ? "1 customer" : n + " customers";
    }
}
