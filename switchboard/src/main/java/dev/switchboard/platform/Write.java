package dev.switchboard.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A data-modifying statement whose result nobody reads, so it can be sent now or later, alone or as one
 * part of a larger statement in the same transaction (the call store joins such writes to a signal's one
 * statement of writes). {@code sql} gives the statement with every parameter name prefixed as asked, so
 * several writes can share one statement; {@code params} are named without the prefix.
 */
public record Write(Function<String, String> sql, Map<String, Object> params) {

    /** Sends it now, as a statement of its own; returns the rows it changed. */
    public int run(JdbcClient jdbc) {
        return jdbc.sql(sql.apply("")).params(params).update();
    }

    /** Its statement with parameter names prefixed by {@code prefix}, its parameters added to {@code into} likewise. */
    public String part(String prefix, Map<String, Object> into) {
        params.forEach((k, v) -> into.put(prefix + k, v));
        return sql.apply(prefix);
    }

    /** Parameters in a map that allows nulls (Map.of does not). */
    public static Map<String, Object> params(Object... namesAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
