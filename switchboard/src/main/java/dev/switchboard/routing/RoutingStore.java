package dev.switchboard.routing;

import dev.switchboard.platform.TenantContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Reads rules and menus of the current company (targets and conditions are stored as JSON). */
@Component
class RoutingStore {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    RoutingStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<RoutingRule> rules() {
        var company = TenantContext.require().value();
        var members = new LinkedHashMap<UUID, List<UUID>>();
        jdbc.sql("select rule_id, member_id from routing_rule_members where company_id = :c order by rule_id, position")
                .param("c", company)
                .query(rs -> {
                    members.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.ArrayList<>()).add(rs.getObject(2, UUID.class));
                });
        return jdbc.sql("select * from call_routing_rules where company_id = :c order by priority")
                .param("c", company).query((rs, n) -> mapRule(rs, members)).list();
    }

    Optional<RoutingRule> rule(UUID id) {
        return rules().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The name of another rule ({@code table} call_routing_rules) or menu (ivr_menus) of the company that already has
     * {@code name}, compared trimmed and in any case as the unique index compares them; empty when it is free.
     */
    Optional<String> nameTakenBy(String table, UUID id, String name) {
        if (!table.equals("call_routing_rules") && !table.equals("ivr_menus")) {
            throw new IllegalArgumentException(table);
        }
        return jdbc.sql("select name from " + table
                        + " where company_id = :c and id <> :id and lower(btrim(name)) = lower(btrim(:name)) limit 1")
                .param("c", TenantContext.require().value()).param("id", id).param("name", name)
                .query(String.class).optional();
    }

    /** The round-robin pointer of every rule (they change with every call, unlike the rest of a rule). */
    /** One round-robin rule's pointer as it is now, if the rule exists. */
    java.util.Optional<Integer> roundRobinPointer(UUID ruleId) {
        if (RoutingRule.TEAM_ID.equals(ruleId)) {
            return java.util.Optional.of(teamPointer().orElse(0));
        }
        return jdbc.sql("select round_robin_next from call_routing_rules where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", ruleId).query(Integer.class).optional();
    }

    Map<UUID, Integer> roundRobinPointers() {
        var result = new java.util.HashMap<UUID, Integer>();
        // The rules' pointers and the default strategy's (kept with the phone settings) in one round trip: every
        // incoming call reads them.
        jdbc.sql("""
                select id, round_robin_next from call_routing_rules where company_id = :c and type = 'ROUND_ROBIN'
                union all
                select cast(:team as uuid), default_round_robin_next from phone_settings where company_id = :c
                """)
                .param("c", TenantContext.require().value()).param("team", RoutingRule.TEAM_ID)
                .query(rs -> {
                    result.put(rs.getObject(1, UUID.class), rs.getInt(2));
                });
        return result;
    }

    /** The default strategy's round-robin pointer (kept with the phone settings), if they were ever saved. */
    private java.util.Optional<Integer> teamPointer() {
        return jdbc.sql("select default_round_robin_next from phone_settings where company_id = :c")
                .param("c", TenantContext.require().value()).query(Integer.class).optional();
    }

    List<IvrMenu> menus() {
        return jdbc.sql("select * from ivr_menus where company_id = :c order by lower(name), id")
                .param("c", TenantContext.require().value()).query(this::mapMenu).list();
    }

    Optional<IvrMenu> menu(UUID id) {
        return menus().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * Serialises every change to the company's rules and menus for the rest of the transaction, across
     * nodes (a PostgreSQL advisory lock), so concurrent reorders and reference checks see a stable set.
     */
    void lockRouting() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('routing:' || :c))")
                .param("c", TenantContext.require().value().toString()).query().singleRow();
    }

    String write(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private RoutingRule mapRule(ResultSet rs, Map<UUID, List<UUID>> members) throws SQLException {
        var id = rs.getObject("id", UUID.class);
        return new RoutingRule(id, rs.getString("name"), RuleType.valueOf(rs.getString("type")), rs.getInt("priority"),
                rs.getBoolean("enabled"), rs.getInt("ring_timeout_seconds"), rs.getBoolean("voicemail_enabled"),
                rs.getBoolean("recording_enabled"), List.copyOf(members.getOrDefault(id, List.of())),
                rs.getObject("ivr_menu_id", UUID.class), rs.getObject("schedule_id", UUID.class),
                read(rs.getString("conditions"), Conditions.class), read(rs.getString("match_target"), Target.class),
                read(rs.getString("open_target"), Target.class), read(rs.getString("closed_target"), Target.class),
                read(rs.getString("no_answer_target"), Target.class), rs.getInt("round_robin_next"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getBoolean("assigned_member_first"));
    }

    private IvrMenu mapMenu(ResultSet rs, int n) throws SQLException {
        Map<String, Target> options = json.readValue(rs.getString("options"), new TypeReference<LinkedHashMap<String, Target>>() { });
        return new IvrMenu(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("greeting_text"),
                rs.getString("greeting_voice"), rs.getString("greeting_language"), rs.getObject("greeting_audio_id", UUID.class), options,
                rs.getBoolean("dial_by_extension"), rs.getString("extension_prefix"), rs.getInt("timeout_seconds"),
                rs.getInt("max_retries"), rs.getString("invalid_prompt"), rs.getString("timeout_prompt"),
                read(rs.getString("invalid_target"), Target.class), read(rs.getString("timeout_target"), Target.class),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private <T> T read(String text, Class<T> type) {
        return text == null ? null : json.readValue(text, type);
    }
}
