package dev.switchboard.directory.web;

import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.OneTimeForms;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.Users;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings, Team &amp; logins: who may sign in, with which role, as which team member; add a login with its first
 * password, change one, reset its password, remove it. Owners and admins only (a supervisor reads other settings, not
 * who holds the keys). It lives in {@code directory} because a login is shown with its team member, which
 * {@code tenancy} cannot see; every rule (who may make an owner, the last owner, oneself) is {@link Users}', so the
 * API and this page refuse the same things in the same words.
 */
@Controller
class LoginsPage {

    static final String URL = "/settings/team";

    /** The one-time tokens of the add form (see {@link #add}). */
    private static final String LOGIN_FORM = "team.login";

    private final Users users;
    private final Members members;
    private final OneTimeForms forms;

    LoginsPage(Users users, Members members, OneTimeForms forms) {
        this.forms = forms;
        this.users = users;
        this.members = members;
    }

    /** A login as listed: its team member's name, whether it is the signed-in user, and whether it lacks a member it needs. */
    record Row(User user, String memberName, boolean you, boolean needsMember) {
    }

    /** A role as the form offers it: what it may do, in a few words. */
    record RoleChoice(Role role, String label) {

        /** The role's name, the words before the colon ("Admin"). */
        String name() {
            return label.substring(0, label.indexOf(':'));
        }
    }

    static final List<RoleChoice> ROLES = List.of(
            new RoleChoice(Role.OWNER, "Owner: everything, other owners included"),
            new RoleChoice(Role.ADMIN, "Admin: configures the phone system and the logins"),
            new RoleChoice(Role.SUPERVISOR, "Supervisor: watches calls, reads settings and analytics"),
            new RoleChoice(Role.AGENT, "Agent: takes calls, sets their own status"));

    /** The fields of the add and edit forms, as typed (kept as text, so a refused form shows them again unchanged). */
    record Form(String displayName, String email, String role, String memberId, String password, String enabled) {

        static Form of(User u) {
            return new Form(u.displayName() == null ? "" : u.displayName(), u.email(), u.role().name(),
                    u.memberId() == null ? "" : u.memberId().toString(), "", String.valueOf(u.enabled()));
        }

        /** Whether the login may sign in, as the edit form's "Can sign in" says; null (not sent) keeps it. */
        Boolean signIn(Map<String, String> errors) {
            if (enabled == null || enabled.isBlank()) {
                return null;
            }
            return switch (enabled.strip()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> {
                    errors.put("enabled", "choose whether they can sign in: yes or no");
                    yield null;
                }
            };
        }
    }

    @GetMapping(URL)
    String list(Model model) {
        var actor = actor();
        var names = memberNames();
        model.addAttribute("rows", users.list().stream()
                .map(u -> new Row(u, u.memberId() == null ? null : names.get(u.memberId()), u.id().equals(actor.userId()),
                        needsMember(u.role(), u.memberId())))
                .toList());
        return "settings/team";
    }

    @GetMapping(URL + "/new")
    String addForm(Model model) {
        model.addAttribute("submission", OneTimeForms.newToken());
        return form(model, null, new Form("", "", Role.AGENT.name(), "", "", "true"), Map.of());
    }

    /**
     * Adds a login. The form carries a one-time token ({@link OneTimeForms}), as the team member forms do: sent twice (a
     * double click on Add login), the second send was refused as "Nothing was saved: a user with this email already
     * exists" (or "this team member already has a login") over the first one's success, so the owner believed the login
     * was not made, or its email someone else's. The second send now goes to the list, which says the login was added.
     */
    @PostMapping(URL + "/new")
    String add(@ModelAttribute Form form, @RequestParam(defaultValue = "") String submission, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!forms.claim(LOGIN_FORM, submission)) {
            // To the list, where the first send's "Login ... added" (its redirect never followed by the browser) is said.
            return "redirect:" + URL;
        }
        model.addAttribute("submission", submission);
        try {
            return addOnce(form, model, response, redirect);
        } catch (RuntimeException e) {
            forms.release(LOGIN_FORM, submission);
            throw e;
        } finally {
            if (response.getStatus() == 422) {
                forms.release(LOGIN_FORM, submission);
            }
        }
    }

    private String addOnce(Form form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var errors = new LinkedHashMap<String, String>();
        var member = member(form.memberId(), errors);
        // What was typed comes back, but for the password: a page never holds one.
        var typed = new Form(form.displayName(), form.email(), form.role(), form.memberId(), "", "true");
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return form(model, null, typed, errors);
        }
        User created;
        try {
            created = users.create(actor(), new Users.UserInput(form.email(), form.password(), form.displayName(), form.role(),
                    member, true));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, null, typed, e.byField());
        } catch (ConflictException e) {
            response.setStatus(422);
            return form(model, null, typed, Map.of(e.problem().field(), e.problem().message()));
        }
        redirect.addFlashAttribute("saved", "Login " + created.email() + " added. Switchboard sends no email yet: tell them"
                + " their email and the password you chose yourself; they can sign in at once.");
        warnIfUnlinked(created, redirect);
        return "redirect:" + URL;
    }

    @GetMapping(URL + "/{id}")
    String editForm(@PathVariable UUID id, Model model) {
        var user = users.get(id);
        return form(model, user, Form.of(user), Map.of());
    }

    @PostMapping(URL + "/{id}")
    String save(@PathVariable UUID id, @ModelAttribute Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        // Another company's login is not found (404) before its fields are read: a refused field would tell it exists.
        var user = users.get(id);
        var errors = new LinkedHashMap<String, String>();
        var member = member(form.memberId(), errors);
        var enabled = form.signIn(errors);
        var typed = new Form(form.displayName(), user.email(), form.role(), form.memberId(), "",
                form.enabled() == null || form.enabled().isBlank() ? String.valueOf(user.enabled()) : form.enabled());
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return form(model, user, typed, errors);
        }
        User saved;
        try {
            saved = users.changeLogin(actor(), id, form.displayName(), form.role(), member, enabled);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, user, typed, e.byField());
        }
        // Disabling is how a login is stopped without losing it (someone on leave, a seasonal cleaner): said with what it did.
        redirect.addFlashAttribute("saved", "Login " + saved.email() + " saved."
                + (user.enabled() && !saved.enabled() ? " It is disabled: they are signed out, their API tokens are revoked, and they"
                        + " cannot sign in until you allow it again here." : "")
                + (!user.enabled() && saved.enabled() ? " They can sign in again." : ""));
        warnIfUnlinked(saved, redirect);
        return "redirect:" + URL;
    }

    @PostMapping(URL + "/{id}/password")
    String resetPassword(@PathVariable UUID id, @RequestParam(defaultValue = "") String password, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var user = users.get(id);
        try {
            users.update(actor(), id, new Users.UserInput(null, password, null, null, null, null));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, user, Form.of(user), e.byField());
        }
        redirect.addFlashAttribute("saved", "Password of " + user.email() + " reset; their API tokens are revoked and their"
                + " open sessions signed out. Switchboard sends no email yet: tell them the new password yourself.");
        return "redirect:" + URL;
    }

    @PostMapping(URL + "/{id}/delete")
    String remove(@PathVariable UUID id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var user = users.get(id);
        try {
            users.delete(actor(), id);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, user, Form.of(user), e.byField());
        }
        redirect.addFlashAttribute("saved", "Login " + user.email() + " removed. Their calls, voicemail, audit entries and"
                + " team member are kept.");
        return "redirect:" + URL;
    }

    private String form(Model model, User user, Form form, Map<String, String> errors) {
        var actor = actor();
        model.addAttribute("login", user);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("you", user != null && user.id().equals(actor.userId()));
        // An admin sees an owner's login but cannot change it (Users refuses it too).
        model.addAttribute("readOnly", user != null && user.role() == Role.OWNER && actor.role() != Role.OWNER);
        model.addAttribute("roles", ROLES.stream().filter(r -> r.role() != Role.OWNER || actor.role() == Role.OWNER).toList());
        model.addAttribute("freeMembers", freeMembers(user));
        return "settings/team-form";
    }

    /** The members with no login yet, and the one this login is linked to. */
    private List<TeamMember> freeMembers(User user) {
        var taken = new HashSet<UUID>();
        for (var u : users.list()) {
            if (u.memberId() != null && (user == null || !u.id().equals(user.id()))) {
                taken.add(u.memberId());
            }
        }
        return members.list().stream().filter(m -> !taken.contains(m.id())).toList();
    }

    private Map<UUID, String> memberNames() {
        var names = new java.util.HashMap<UUID, String>();
        members.list().forEach(m -> names.put(m.id(), m.name()));
        return names;
    }

    /**
     * An agent or supervisor takes calls as a team member: unlinked, they have no status to set (My status offers them
     * only their password) and see none of their own calls or voicemail. Allowed (they may be linked later), and said.
     */
    static boolean needsMember(Role role, UUID member) {
        return member == null && (role == Role.AGENT || role == Role.SUPERVISOR);
    }

    private static void warnIfUnlinked(User user, RedirectAttributes redirect) {
        if (needsMember(user.role(), user.memberId())) {
            redirect.addFlashAttribute("problem", user.email() + (user.role() == Role.AGENT ? " is an agent" : " is a supervisor")
                    + " linked to no team member: they have no status to set (My status offers them only their password) and see"
                    + " none of their own calls until you"
                    + " link them to one (Edit).");
        }
    }

    private static UUID member(String text, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            errors.put("member_id", "choose a team member from the list");
            return null;
        }
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
