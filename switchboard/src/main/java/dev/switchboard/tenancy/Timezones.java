package dev.switchboard.tenancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;

/**
 * The timezones a company is offered: the canonical IANA zones, one per country and region (the tz database's
 * {@code zone.tab}), not the JDK's ~600 ids, which keep every old alias ({@code US/Central}, {@code America/Buenos_Aires},
 * {@code Etc/GMT+5}) a new owner can only pick wrongly from. The JDK does not say which of its ids are aliases, so the
 * list is a resource, kept to the zones the running JDK knows.
 *
 * <p>An alias is still accepted ({@link Companies#checkTimezone}) and stored as given: its rules are the canonical
 * zone's, so nothing behaves differently, and the company reads back what it chose; the JDK has no table of links to
 * canonicalise it by. A company on such a zone finds it in its list, selected.
 */
public final class Timezones {

    /** Each canonical zone with the country it is in (ISO 3166 code), or none (UTC). */
    private static final java.util.Map<String, String> COUNTRIES = load();

    private static final List<String> CANONICAL = List.copyOf(COUNTRIES.keySet());

    private Timezones() {
    }

    /** The zones to choose from, sorted, with {@code selected} among them when it is a zone at all (an alias, say). */
    public static List<String> choices(String selected) {
        var zones = new TreeSet<>(CANONICAL);
        if (selected != null && ZoneId.getAvailableZoneIds().contains(selected)) {
            zones.add(selected);
        }
        return List.copyOf(zones);
    }

    /**
     * The country whose phone numbers a company in {@code zone} dials as national ones (ISO 3166 code, as
     * libphonenumber takes it): the zone's country in zone.tab. Empty for a zone in no country (UTC) or an alias
     * ({@code US/Central}), which the table does not list.
     */
    public static java.util.Optional<String> country(String zone) {
        return java.util.Optional.ofNullable(zone == null ? null : COUNTRIES.get(zone)).filter(c -> !c.isEmpty());
    }

    private static java.util.Map<String, String> load() {
        try (var in = Timezones.class.getResourceAsStream("/tenancy/timezones.txt")) {
            if (in == null) {
                throw new IllegalStateException("tenancy/timezones.txt is missing from the classpath");
            }
            var known = ZoneId.getAvailableZoneIds();
            var zones = new java.util.LinkedHashMap<String, String>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+"))
                    .filter(parts -> known.contains(parts[0]))
                    .forEach(parts -> zones.put(parts[0], parts.length > 1 ? parts[1] : ""));
            return java.util.Collections.unmodifiableMap(zones);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
