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

    private static final List<String> CANONICAL = load();

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

    private static List<String> load() {
        try (var in = Timezones.class.getResourceAsStream("/tenancy/timezones.txt")) {
            if (in == null) {
                throw new IllegalStateException("tenancy/timezones.txt is missing from the classpath");
            }
            var known = ZoneId.getAvailableZoneIds();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).filter(known::contains).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
