package dev.switchboard.routing;

import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Warning;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * IVR menus. A menu with dial-by-extension on is refused when one of its option keys is the first
 * digit of an extension (option 1 against extension 101: the caller pressing 1 could mean either),
 * unless extensions are dialled after a prefix key that is not itself an option.
 */
@Service
public class IvrMenus {

    private final JdbcClient jdbc;
    private final RoutingStore store;
    private final Checks checks;
    private final Members members;
    private final dev.switchboard.media.Media media;
    private final AuditLog audit;
    private final Clock clock;

    IvrMenus(JdbcClient jdbc, RoutingStore store, Checks checks, Members members, dev.switchboard.media.Media media,
            AuditLog audit, Clock clock) {
        this.media = media;
        this.jdbc = jdbc;
        this.store = store;
        this.checks = checks;
        this.members = members;
        this.audit = audit;
        this.clock = clock;
    }

    public record Saved(IvrMenu menu, List<Warning> warnings) {
    }

    @Transactional(readOnly = true)
    public List<IvrMenu> list() {
        return store.menus();
    }

    /**
     * The non-fatal problems of every stored menu, by menu id: a key, or the invalid or timeout target, that sends
     * calls to a disabled rule (calls skip it, to its no-answer target). Menus without problems are left out.
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, List<Warning>> warnings() {
        var disabled = disabledRules();
        var result = new java.util.LinkedHashMap<UUID, List<Warning>>();
        var nobody = checks.queuesWithNobody();
        for (var m : store.menus()) {
            var list = new ArrayList<>(disabledTargets(m, disabled));
            list.addAll(keysNotOffered(m));
            list.addAll(queuesWithNobody(m, nobody));
            if (!list.isEmpty()) {
                result.put(m.id(), list);
            }
        }
        return result;
    }

    private java.util.Map<UUID, String> disabledRules() {
        var disabled = new java.util.HashMap<UUID, String>();
        store.rules().stream().filter(r -> !r.enabled()).forEach(r -> disabled.put(r.id(), r.name()));
        return disabled;
    }

    private static List<Warning> disabledTargets(IvrMenu m, java.util.Map<UUID, String> disabled) {
        var found = new ArrayList<Warning>();
        m.options().forEach((key, t) -> warnIfDisabled("options." + key, "key " + key, t, disabled, found));
        warnIfDisabled("invalid_target", "an invalid choice", m.invalidTarget(), disabled, found);
        warnIfDisabled("timeout_target", "no choice", m.timeoutTarget(), disabled, found);
        return List.copyOf(found);
    }

    /**
     * A key, or the invalid or timeout target, that sends callers to a queue with nobody in it, as a rule sending calls to one
     * is warned: "press 1 for emergencies" into an on-call queue whose member was taken out offered the caller to no one.
     */
    private static List<Warning> queuesWithNobody(IvrMenu m, List<QueueReferences.Choice> nobody) {
        var found = new ArrayList<Warning>();
        java.util.function.BiConsumer<String, Target> check = (what, t) -> {
            if (t != null && t.kind() == Target.Kind.QUEUE) {
                nobody.stream().filter(q -> q.id().equals(t.queueId())).findFirst().ifPresent(q -> found.add(new Warning(
                        what.startsWith("key") ? "options." + what.substring(4) : what.equals("an invalid choice") ? "invalid_target" : "timeout_target",
                        what + " sends callers to the queue '" + q.name() + "', which has nobody in it: they are offered to no one (they go to"
                                + " its target when nobody is logged in, or wait out its maximum wait); add members to it on the Queues page")));
            }
        };
        new java.util.TreeMap<>(m.options()).forEach((key, t) -> check.accept("key " + key, t));
        check.accept("an invalid choice", m.invalidTarget());
        check.accept("no choice", m.timeoutTarget());
        return List.copyOf(found);
    }

    /**
     * "press 2", "dial 0", "press star", "press the pound key", "press 1 or 2": the keys the spoken greeting tells callers to
     * press. Not a number's first digit ("dial 1-800-555-0199", "dial 1 800..."), nor a count ("enter the 4 digit code").
     */
    private static final java.util.regex.Pattern TOLD_KEY = java.util.regex.Pattern.compile(
            "(?i)\\b(?:press|dial|push|enter|select)\\s+(?:the\\s+)?(" + keyWord() + ")((?:\\s*(?:,|or|,\\s*or)\\s+(?:the\\s+)?(?:"
                    + keyWord() + "))*)");

    /** One key as a greeting says it: a digit standing alone (not a number's, not a count of digits), star, pound, hash. */
    private static String keyWord() {
        return "[0-9](?![0-9]|[-.][0-9]|\\s+[0-9]|[\\s-]*digit)|\\*|#|star\\b|pound\\b|hash\\b";
    }

    private static final java.util.regex.Pattern ONE_KEY = java.util.regex.Pattern.compile("(?i)" + keyWord());

    /**
     * The keys the menu's spoken greeting tells callers to press that have no option (and do not start an extension): a
     * caller pressing one hears "Sorry, that is not a valid choice" until the retries run out. Found by a walk: the billing
     * option taken off the after-hours menu, its greeting still said "for billing press 2", and nothing warned. Read in
     * the greeting's words (English), so a key written otherwise is not found; an uploaded greeting is not read.
     */
    static List<Warning> keysNotOffered(IvrMenu m) {
        if (m.greetingText() == null) {
            return List.of();
        }
        var missing = new java.util.LinkedHashSet<String>();
        var matcher = TOLD_KEY.matcher(m.greetingText());
        while (matcher.find()) {
            var told = ONE_KEY.matcher(matcher.group(1) + " " + matcher.group(2));
            while (told.find()) {
                var key = switch (told.group().toLowerCase(java.util.Locale.ROOT)) {
                    case "star" -> "*";
                    case "pound", "hash" -> "#";
                    default -> told.group();
                };
                boolean startsAnExtension = m.dialByExtension() && (key.equals(m.extensionPrefix())
                        || (m.extensionPrefix() == null && Character.isDigit(key.charAt(0))));
                // The key that ends a typed entry ("enter the extension, then press pound") is the menu's, not an option's.
                boolean endsAnEntry = key.equals(m.terminatingKey());
                if (!m.options().containsKey(key) && !startsAnExtension && !endsAnEntry) {
                    missing.add(key);
                }
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        var keys = String.join(", ", missing);
        return List.of(new Warning("greeting_text", "the greeting tells callers to press " + keys + ", but "
                + (missing.size() == 1 ? "that key has" : "those keys have") + " no option: callers who press "
                + (missing.size() == 1 ? "it" : "one") + " hear \"" + m.invalidPrompt() + "\"; add the option or change the greeting"));
    }

    private static void warnIfDisabled(String field, String what, Target t, java.util.Map<UUID, String> disabled, List<Warning> found) {
        if (t != null && t.kind() == Target.Kind.RULE && disabled.containsKey(t.ruleId())) {
            found.add(new Warning(field, what + " sends calls to rule '" + disabled.get(t.ruleId())
                    + "', which is disabled: they go to its no-answer target"));
        }
    }

    /** What a caller hears after a key that is no option, unless the menu says otherwise. */
    public static final String DEFAULT_INVALID_PROMPT = "Sorry, that is not a valid choice.";

    @Transactional(readOnly = true)
    public IvrMenu get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("IVR menu", id));
    }

    /** The menu, if it still exists (a caller may be in one an admin deleted). */
    @Transactional(readOnly = true)
    public java.util.Optional<IvrMenu> find(UUID id) {
        return store.menu(id);
    }

    @Transactional
    public Saved create(Actor actor, RuleInput.Menu input) {
        Companies.requireConfigureOf(actor);
        lock();
        var id = UUID.randomUUID();
        var checked = check(id, input);
        var m = checked.menu();
        refuseTakenName(id, m.name());
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into ivr_menus (company_id, id, name, greeting_text, greeting_voice, greeting_language, greeting_audio_id, options,
                  dial_by_extension, extension_prefix, timeout_seconds, max_retries, invalid_prompt, timeout_prompt,
                  invalid_target, timeout_target, created_at, updated_at)
                values (:c, :id, :name, :gt, :gv, :gl, :ga, cast(:options as jsonb), :dbe, :prefix, :timeout, :retries, :ip, :tp,
                  cast(:it as jsonb), cast(:tt as jsonb), :now, :now)
                """)
                .param("c", company()).param("id", id).param("name", m.name()).param("gt", m.greetingText())
                .param("gv", m.greetingVoice()).param("gl", m.greetingLanguage()).param("ga", m.greetingMediaId())
                .param("options", store.write(m.options()))
                .param("dbe", m.dialByExtension()).param("prefix", m.extensionPrefix()).param("timeout", m.timeoutSeconds())
                .param("retries", m.maxRetries()).param("ip", m.invalidPrompt()).param("tp", m.timeoutPrompt())
                .param("it", store.write(m.invalidTarget())).param("tt", store.write(m.timeoutTarget())).param("now", now)
                .update();
        var created = get(id);
        audit.record(actor, "ivr_menu", id, "create", null, created);
        return new Saved(created, checked.warnings());
    }

    @Transactional
    public Saved update(Actor actor, UUID id, RuleInput.Menu input) {
        return update(actor, id, current -> input);
    }

    /**
     * Updates a menu with the input {@code change} makes of it as it is ({@link RuleInput.Menu#of}), read under the routing
     * lock as any update, so a partial change (an API PATCH) is merged into what is stored at that moment and never undoes
     * a change committed meanwhile. The input is then checked and saved exactly as a full one.
     */
    @Transactional
    public Saved update(Actor actor, UUID id, java.util.function.UnaryOperator<RuleInput.Menu> change) {
        Companies.requireConfigureOf(actor);
        lock();
        var before = get(id);
        var input = change.apply(RuleInput.Menu.of(before));
        var checked = check(id, input);
        var m = checked.menu();
        refuseTakenName(id, m.name());
        jdbc.sql("""
                update ivr_menus set name = :name, greeting_text = :gt, greeting_voice = :gv, greeting_language = :gl, greeting_audio_id = :ga,
                  options = cast(:options as jsonb), dial_by_extension = :dbe, extension_prefix = :prefix,
                  timeout_seconds = :timeout, max_retries = :retries, invalid_prompt = :ip, timeout_prompt = :tp,
                  invalid_target = cast(:it as jsonb), timeout_target = cast(:tt as jsonb), updated_at = :now
                where company_id = :c and id = :id
                """)
                .param("c", company()).param("id", id).param("name", m.name()).param("gt", m.greetingText())
                .param("gv", m.greetingVoice()).param("gl", m.greetingLanguage()).param("ga", m.greetingMediaId())
                .param("options", store.write(m.options()))
                .param("dbe", m.dialByExtension()).param("prefix", m.extensionPrefix()).param("timeout", m.timeoutSeconds())
                .param("retries", m.maxRetries()).param("ip", m.invalidPrompt()).param("tp", m.timeoutPrompt())
                .param("it", store.write(m.invalidTarget())).param("tt", store.write(m.timeoutTarget()))
                .param("now", Timestamp.from(clock.instant())).update();
        var after = get(id);
        if (before.greetingMediaId() != null && !before.greetingMediaId().equals(after.greetingMediaId())) {
            media.released(before.greetingMediaId()); // replaced or removed: its file goes once nothing uses it
        }
        audit.record(actor, "ivr_menu", id, "update", before, after);
        return new Saved(after, checked.warnings());
    }

    /** The IVR rules that play the menu: while any does, {@link #delete} refuses, naming each (a page links them). */
    @Transactional(readOnly = true)
    public List<dev.switchboard.directory.MemberReferences.Use> usesOf(UUID id) {
        return store.rules().stream().filter(r -> id.equals(r.ivrMenuId()))
                .map(r -> new dev.switchboard.directory.MemberReferences.Use(dev.switchboard.directory.MemberReferences.Use.Kind.ROUTING_RULE,
                        r.id(), r.name(), List.of("menu")))
                .toList();
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        lock();
        var before = get(id);
        var users = usesOf(id).stream().map(dev.switchboard.directory.MemberReferences.Use::description).toList();
        if (!users.isEmpty()) {
            throw new ConflictException("id", "in_use", "the menu is used by " + String.join(", ", users) + "; change those first");
        }
        jdbc.sql("delete from ivr_menus where company_id = :c and id = :id").param("c", company()).param("id", id).update();
        media.released(before.greetingMediaId());
        audit.record(actor, "ivr_menu", id, "delete", before, null);
    }

    record Checked(IvrMenu menu, List<Warning> warnings) {
    }

    private Checked check(UUID id, RuleInput.Menu in) {
        var problems = new ArrayList<FieldProblem>();
        var warnings = new ArrayList<Warning>();
        var name = Checks.blank(in.name());
        if (name == null) {
            problems.add(new FieldProblem("name", "required", "must not be blank"));
        } else if (name.length() > 100) {
            problems.add(new FieldProblem("name", "length", "must be at most 100 characters"));
        }
        var greeting = Checks.blank(in.greetingText());
        if (in.greetingMediaId() != null && media.findPrompt(in.greetingMediaId()).isEmpty()) {
            problems.add(new FieldProblem("greeting_media_id", "exists", dev.switchboard.media.Media.notAPrompt(in.greetingMediaId())));
        }
        if (greeting == null && in.greetingMediaId() == null) {
            problems.add(new FieldProblem("greeting_text", "required", "a menu needs a greeting that lists its options (text or an uploaded file)"));
        } else if (greeting != null && greeting.length() > 2000) {
            problems.add(new FieldProblem("greeting_text", "length", "must be at most 2000 characters"));
        }
        var voice = Checks.blank(in.greetingVoice());
        if (voice != null && !dev.switchboard.shared.Speech.isVoice(voice)) {
            problems.add(new FieldProblem("greeting_voice", "format", dev.switchboard.shared.Speech.NOT_A_VOICE));
        }
        var language = Checks.blank(in.greetingLanguage());
        if (language != null && !dev.switchboard.shared.Speech.isLanguage(language)) {
            problems.add(new FieldProblem("greeting_language", "format", dev.switchboard.shared.Speech.NOT_A_LANGUAGE));
        }
        var mismatch = greeting == null ? null : dev.switchboard.shared.Speech.voiceLanguageMismatch(voice, language);
        if (mismatch != null) {
            warnings.add(new Warning("greeting_voice", mismatch));
        }
        var options = new LinkedHashMap<String, Target>();
        var raw = in.options() == null ? Map.<String, RuleInput.TargetInput>of() : in.options();
        for (var e : raw.entrySet()) {
            var key = e.getKey();
            if (!Checks.keys().contains(key)) {
                problems.add(new FieldProblem("options." + key, "key", "option keys are 0-9, * and #"));
                continue;
            }
            if (e.getValue() == null || e.getValue().kind() == null || e.getValue().kind().isBlank()) {
                problems.add(new FieldProblem("options." + key, "required", "option " + key + " has no target"));
                continue;
            }
            var target = checks.target("options." + key, e.getValue(), true, problems);
            if (target != null) {
                options.put(key, target);
            }
        }
        boolean dialByExtension = Boolean.TRUE.equals(in.dialByExtension());
        var prefix = Checks.blank(in.extensionPrefix());
        if (prefix != null && !Checks.keys().contains(prefix)) {
            problems.add(new FieldProblem("extension_prefix", "key", "must be one key: 0-9, * or #"));
        } else if (prefix != null && raw.containsKey(prefix)) {
            problems.add(new FieldProblem("extension_prefix", "collision", "key " + prefix + " is also an option"));
        }
        if (dialByExtension && prefix == null) {
            for (var m : members.list()) {
                if (m.phoneExtension() == null) {
                    continue;
                }
                var first = m.phoneExtension().digits().substring(0, 1);
                if (raw.containsKey(first)) {
                    problems.add(new FieldProblem("options." + first, "collision", "option " + first + " collides with extension "
                            + m.phoneExtension() + " (" + m.name() + "); remove the option or set an extension prefix such as *"));
                    break;
                }
            }
        }
        if ((raw.containsKey("#") || "#".equals(prefix)) && (raw.containsKey("*") || "*".equals(prefix))) {
            problems.add(new FieldProblem("options", "terminator", "# and * cannot both be used (as options or the extension prefix): "
                    + "one of them must be free to end what a caller keys in"));
        }
        if (prefix != null && !dialByExtension) {
            warnings.add(new Warning("extension_prefix", "dial-by-extension is off, so the prefix is not used"));
        }
        int timeout = in.timeoutSeconds() == null ? 5 : in.timeoutSeconds();
        if (timeout < 2 || timeout > 30) {
            problems.add(new FieldProblem("timeout_seconds", "range", "must be 2 to 30 seconds"));
        }
        int retries = in.maxRetries() == null ? 2 : in.maxRetries();
        if (retries < 0 || retries > 5) {
            problems.add(new FieldProblem("max_retries", "range", "must be 0 to 5"));
        }
        var invalidPrompt = Checks.blank(in.invalidPrompt());
        var timeoutPrompt = Checks.blank(in.timeoutPrompt());
        for (var p : new String[][] {{"invalid_prompt", invalidPrompt}, {"timeout_prompt", timeoutPrompt}}) {
            if (p[1] != null && p[1].length() > 500) {
                problems.add(new FieldProblem(p[0], "length", "must be at most 500 characters"));
            }
        }
        var invalidTarget = checks.target("invalid_target", in.invalidTarget(), false, problems);
        var timeoutTarget = checks.target("timeout_target", in.timeoutTarget(), false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (options.isEmpty() && !dialByExtension) {
            warnings.add(new Warning("options", "the menu has no options and no dial-by-extension: every caller times out"));
        }
        if (timeoutTarget == null) {
            warnings.add(new Warning("timeout_target", "no timeout target: after the retries the call goes to the general voicemail"));
        }
        var now = clock.instant();
        var menu = new IvrMenu(id, name, greeting, voice, language, in.greetingMediaId(), options, dialByExtension, prefix, timeout, retries,
                invalidPrompt == null ? DEFAULT_INVALID_PROMPT : invalidPrompt,
                timeoutPrompt == null ? "Sorry, I did not hear a choice." : timeoutPrompt, invalidTarget, timeoutTarget, now, now);
        warnings.addAll(disabledTargets(menu, disabledRules()));
        warnings.addAll(keysNotOffered(menu));
        warnings.addAll(queuesWithNobody(menu, checks.queuesWithNobody()));
        var menus = new ArrayList<>(store.menus().stream().filter(m -> !m.id().equals(id)).toList());
        menus.add(menu);
        var loop = Checks.loop(store.rules(), menus, checks.queueMaxWaits());
        if (!loop.isEmpty()) {
            loop = Checks.from(loop, "menu '" + name + "'");
            // Only the timeout target is a way out a menu takes by itself (Checks.loop), so it is what closes the loop: named
            // so, a form shows it beside that target (as "options" it was marked nowhere on the page).
            throw new InvalidInputException("timeout_target", "loop", "after the retries on silence, calls would go round for ever: "
                    + String.join(" → ", loop) + "; choose another target for silence");
        }
        return new Checked(menu, warnings);
    }

    private void lock() {
        store.lockRouting();
    }

    /** As for rules: a menu's name tells it apart in lists, rules and traces. Checked under the routing lock. */
    private void refuseTakenName(UUID id, String name) {
        store.nameTakenBy("ivr_menus", id, name).ifPresent(other -> {
            throw new ConflictException("name", "the IVR menu '" + other + "' already has this name; choose another");
        });
    }

    private static UUID company() {
        return TenantContext.require().value();
    }
}
