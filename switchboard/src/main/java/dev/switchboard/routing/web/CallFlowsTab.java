package dev.switchboard.routing.web;

import dev.switchboard.routing.TargetForm;

import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FileField;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.routing.IvrMenu;
import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleInput;
import dev.switchboard.tenancy.Actor;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone settings, Call Flows tab: the IVR menu builder. A greeting, what each key does, dial-by-extension
 * (with a prefix key), and what happens on silence or a wrong key. A routing rule of type IVR plays a menu.
 */
@Controller
class CallFlowsTab {

    static final String URL = "/settings/communications/phone/call-flows";
    static final List<String> KEYS = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#");

    private final IvrMenus menus;
    private final Members members;
    private final RoutingRules rules;
    private final dev.switchboard.media.Media media;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final dev.switchboard.routing.RoutingSnapshots snapshots;

    CallFlowsTab(IvrMenus menus, Members members, RoutingRules rules, dev.switchboard.media.Media media,
            org.springframework.transaction.support.TransactionTemplate tx, dev.switchboard.routing.RoutingSnapshots snapshots) {
        this.tx = tx;
        this.snapshots = snapshots;
        this.media = media;
        this.menus = menus;
        this.members = members;
        this.rules = rules;
    }

    /** The form's field prefix for a key: k1 … k9, k0, kStar, kHash. */
    static String prefix(String key) {
        return switch (key) {
            case "*" -> "kStar";
            case "#" -> "kHash";
            default -> "k" + key;
        };
    }

    @GetMapping(URL)
    String page(Model model) {
        var list = menus.list();
        model.addAttribute("menus", list);
        model.addAttribute("warnings", menus.warnings());
        // Each key's target as a call's trace names it ("rule 'Booking'", "queue 'Billing'"): "Press 1: Rule" told the
        // owner nothing of where the key sends callers.
        var snapshot = snapshots.current();
        var targets = new HashMap<UUID, Map<String, String>>();
        list.forEach(m -> {
            var byKey = new HashMap<String, String>();
            m.options().forEach((key, target) -> byKey.put(key, snapshot.describe(target)));
            targets.put(m.id(), byKey);
        });
        model.addAttribute("targets", targets);
        // Which rules play each menu: a menu is heard only through a rule of type IVR menu, and one built without such a
        // rule was listed like any other (found by a walk: the owner built the menu, called, and heard the old routing).
        var playedBy = new HashMap<UUID, List<dev.switchboard.routing.RoutingRule>>();
        list.forEach(m -> playedBy.put(m.id(), new java.util.ArrayList<>()));
        rules.list().stream().filter(r -> r.type() == dev.switchboard.routing.RuleType.IVR && r.ivrMenuId() != null)
                .forEach(r -> playedBy.computeIfAbsent(r.ivrMenuId(), k -> new java.util.ArrayList<>()).add(r));
        model.addAttribute("playedBy", playedBy);
        return "settings/call-flows";
    }

    @GetMapping(URL + "/new")
    String create(Model model) {
        var values = new HashMap<String, String>();
        values.put("name", "Main menu");
        values.put("greetingText", "Thanks for calling. For service, press 1. For billing, press 2.");
        values.put("timeoutSeconds", "5");
        values.put("maxRetries", "2");
        return form(model, null, values, Map.of());
    }

    @GetMapping(URL + "/{id}")
    String edit(@PathVariable UUID id, Model model) {
        return form(model, id, values(menus.get(id)), Map.of());
    }

    // The new form posts to its own address (/new), where it is shown again with its errors (UploadFormsShownAgain).
    @PostMapping({URL, URL + "/new"})
    String add(@dev.switchboard.platform.Text.MultiLine("greetingText") @RequestParam Map<String, String> params,
            @RequestParam(name = "greetingFile", required = false) MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        return save(null, params, file, model, response, redirect);
    }

    @PostMapping(URL + "/{id}")
    String update(@PathVariable UUID id, @dev.switchboard.platform.Text.MultiLine("greetingText") @RequestParam Map<String, String> params,
            @RequestParam(name = "greetingFile", required = false) MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        return save(id, params, file, model, response, redirect);
    }

    @PostMapping(URL + "/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        var name = menus.get(id).name();
        try {
            menus.delete(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", "Menu \u201c" + name + "\u201d deleted.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Menu \u201c" + name + "\u201d was not deleted: " + e.problems().getFirst().message());
        } catch (ConflictException e) {
            // Each rule that plays it, linked to where it is changed, as a member's delete lists them.
            var uses = menus.usesOf(id);
            redirect.addFlashAttribute("problem", "Menu \u201c" + name + "\u201d was not deleted: " + (uses.isEmpty()
                    ? e.problem().message() + "." : "these send calls to it. Point each elsewhere, then delete it:"));
            redirect.addFlashAttribute("problemUses", uses.stream().map(dev.switchboard.directory.MemberReferences.Use::link).toList());
        }
        return "redirect:" + URL;
    }

    private String save(UUID id, Map<String, String> p, MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        var values = new HashMap<>(p);
        values.remove("greetingFile");
        if (values.containsKey("removeRecording")) {
            values.remove("greetingMediaId");
        }
        if (!FileField.chosen(file)) {
            return save(id, values, model, response, redirect);
        }
        var bytes = file.getBytes();
        // The upload and the menu in one transaction: a menu refused after its upload keeps no file.
        return tx.execute(status -> {
            try {
                values.put("greetingMediaId", media.upload(Actor.current().orElseThrow(), "ivr", file.getOriginalFilename(),
                        bytes).id().toString());
            } catch (InvalidInputException e) {
                status.setRollbackOnly();
                response.setStatus(422);
                return form(model, id, values, Map.of("greeting_media_id", e.problems().getFirst().message()));
            } catch (dev.switchboard.platform.PayloadTooLargeException e) {
                status.setRollbackOnly();
                response.setStatus(422);
                return form(model, id, values, Map.of("greeting_media_id", e.getMessage()));
            }
            var view = save(id, values, model, response, redirect);
            if (response.getStatus() == 422) {
                status.setRollbackOnly();
            }
            return view;
        });
    }

    private String save(UUID id, Map<String, String> p, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var options = new LinkedHashMap<String, RuleInput.TargetInput>();
        for (var key : KEYS) {
            var t = keyTarget(p, prefix(key));
            if (t != null) {
                options.put(key, t);
            }
        }
        // Numbers that are none (or left empty) and a greeting's id that is none are refused, naming their fields: they
        // were read as -1 (refused as out of range, not as what they were) and as no greeting (which removed the menu's).
        var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
        var timeout = dev.switchboard.platform.WholeNumberField.read("timeout_seconds", p.get("timeoutSeconds"),
                "a whole number of seconds, 2 to 30", problems);
        var retries = dev.switchboard.platform.WholeNumberField.read("max_retries", p.get("maxRetries"), "a whole number, 0 to 5", problems);
        var greeting = blank(p.get("greetingMediaId"));
        if (greeting != null && uuid(greeting) == null) {
            problems.add(new dev.switchboard.platform.FieldProblem("greeting_media_id", "format", "is not an uploaded greeting's id"));
        }
        if (!problems.isEmpty()) {
            response.setStatus(422);
            return form(model, id, p, new InvalidInputException(problems).byField());
        }
        // The page has no fields for the spoken greeting's voice and language (the API sets them): an edit keeps them.
        var existing = id == null ? null : menus.find(id).orElse(null);
        var input = new RuleInput.Menu(p.get("name"), blank(p.get("greetingText")), existing == null ? null : existing.greetingVoice(),
                existing == null ? null : existing.greetingLanguage(), uuid(p.get("greetingMediaId")), options,
                p.containsKey("dialByExtension"), blank(p.get("extensionPrefix")), timeout, retries, blank(p.get("invalidPrompt")), blank(p.get("timeoutPrompt")),
                target(p, "invalid"), target(p, "timeout"));
        var actor = Actor.current().orElseThrow();
        IvrMenus.Saved saved;
        try {
            saved = id == null ? menus.create(actor, input) : menus.update(actor, id, input);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, id, p, e.byField());
        } catch (ConflictException e) {
            response.setStatus(422);
            return form(model, id, p, Map.of(e.problem().field(), e.problem().message()));
        }
        redirect.addFlashAttribute("saved", "Menu \u201c" + saved.menu().name() + "\u201d saved.");
        if (!saved.warnings().isEmpty()) {
            // Each on its own line, as the list's warnings are (a list's toString() showed them in [brackets], comma-joined).
            redirect.addFlashAttribute("savedWarnings", saved.warnings().stream().map(w -> w.message()).toList());
        }
        return "redirect:" + URL;
    }

    /**
     * A key's target: its row has one "number / message" field, the number for an outside number and the words
     * said before hanging up for a hang-up (the key's goodbye was dropped on every save).
     */
    private static RuleInput.TargetInput keyTarget(Map<String, String> p, String prefix) {
        var hangUp = "HANGUP".equalsIgnoreCase(String.valueOf(p.get(prefix + "Kind")).strip());
        var text = p.get(prefix + "Number");
        return TargetForm.input(p.get(prefix + "Kind"), uuid(p.get(prefix + "Member")), uuid(p.get(prefix + "Rule")),
                hangUp ? null : text, hangUp ? text : null);
    }

    private static RuleInput.TargetInput target(Map<String, String> p, String prefix) {
        return TargetForm.input(p.get(prefix + "Kind"), uuid(p.get(prefix + "Member")), uuid(p.get(prefix + "Rule")),
                p.get(prefix + "Number"), p.get(prefix + "Message"));
    }

    private static Map<String, String> values(IvrMenu m) {
        var v = new HashMap<String, String>();
        v.put("name", m.name());
        v.put("greetingText", m.greetingText());
        v.put("timeoutSeconds", String.valueOf(m.timeoutSeconds()));
        v.put("maxRetries", String.valueOf(m.maxRetries()));
        v.put("invalidPrompt", m.invalidPrompt());
        v.put("timeoutPrompt", m.timeoutPrompt());
        v.put("extensionPrefix", m.extensionPrefix());
        v.put("greetingMediaId", m.greetingMediaId() == null ? null : m.greetingMediaId().toString());
        if (m.dialByExtension()) {
            v.put("dialByExtension", "on");
        }
        m.options().forEach((key, t) -> {
            put(v, prefix(key), TargetForm.of(t));
            if (t.message() != null) {
                v.put(prefix(key) + "Number", t.message()); // a key's row shows a hang-up's words in its one text field
            }
        });
        put(v, "invalid", TargetForm.of(m.invalidTarget()));
        put(v, "timeout", TargetForm.of(m.timeoutTarget()));
        return v;
    }

    private static void put(Map<String, String> v, String prefix, TargetForm t) {
        v.put(prefix + "Kind", t.kind());
        v.put(prefix + "Member", t.member() == null ? null : t.member().toString());
        v.put(prefix + "Rule", t.rule() == null ? null : t.rule().toString());
        v.put(prefix + "Number", t.number());
        v.put(prefix + "Message", t.message());
    }

    private String form(Model model, UUID id, Map<String, String> values, Map<String, String> errors) {
        model.addAttribute("menuId", id);
        var greeting = uuid(values.get("greetingMediaId"));
        model.addAttribute("greetingUrl", greeting == null ? null : media.signedPath(greeting, java.time.Duration.ofHours(1)));
        model.addAttribute("v", values);
        model.addAttribute("errors", errors);
        model.addAttribute("keys", KEYS.stream().map(k -> Map.of("key", k, "prefix", prefix(k))).toList());
        model.addAttribute("members", members.list());
        model.addAttribute("rules", rules.list());
        for (var prefix : List.of("invalid", "timeout")) {
            model.addAttribute(prefix + "T", new TargetForm(values.get(prefix + "Kind"), uuid(values.get(prefix + "Member")),
                    uuid(values.get(prefix + "Rule")), values.get(prefix + "Number"), values.get(prefix + "Message")));
        }
        return "settings/call-flow-form";
    }

    private static UUID uuid(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
