package dev.switchboard.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a conditional rule matches. Every condition given must hold; a missing one is ignored.
 *
 * @param callerPattern the caller's E.164 number, with {@code *} for any digits and {@code ?} for one
 *     ({@code +1312*} is any Chicago 312 number)
 * @param knownCustomer true: only known customers; false: only unknown callers
 * @param customerTag the caller is a customer with this tag (such as VIP)
 * @param dialledNumber the company number that was called (E.164)
 * @param weekdays days of the week, in the company's timezone
 * @param timeFromMinute start of a daily time window (minutes after midnight), with {@code timeToMinute};
 *     a window whose end is before its start crosses midnight
 */
public record Conditions(String callerPattern, Boolean knownCustomer, String customerTag, String dialledNumber,
        Set<DayOfWeek> weekdays, Integer timeFromMinute, Integer timeToMinute) {

    public Conditions {
        weekdays = weekdays == null ? Set.of() : Set.copyOf(weekdays);
    }

    /** The call facts a condition looks at. */
    public record Call(String caller, String dialled, boolean knownCustomer, Set<String> customerTags, Instant at) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return callerPattern == null && knownCustomer == null && customerTag == null && dialledNumber == null
                && weekdays.isEmpty() && timeFromMinute == null;
    }

    public boolean matches(Call call, ZoneId zone) {
        if (callerPattern != null && (call.caller() == null || !glob(callerPattern).matcher(call.caller()).matches())) {
            return false;
        }
        if (knownCustomer != null && knownCustomer != call.knownCustomer()) {
            return false;
        }
        if (customerTag != null && call.customerTags().stream().noneMatch(t -> t.equalsIgnoreCase(customerTag))) {
            return false;
        }
        if (dialledNumber != null && !dialledNumber.equals(call.dialled())) {
            return false;
        }
        var local = call.at().atZone(zone);
        // A window across midnight ("Friday 22:00 to 02:00") belongs to the day it starts, as business hours do:
        // its hours after midnight are Friday night's, on the next date.
        var day = local.getDayOfWeek();
        if (timeFromMinute != null) {
            int minute = local.getHour() * 60 + local.getMinute();
            boolean overnight = timeFromMinute >= timeToMinute;
            boolean inside = !overnight
                    ? minute >= timeFromMinute && minute < timeToMinute
                    : minute >= timeFromMinute || minute < timeToMinute;
            if (!inside) {
                return false;
            }
            if (overnight && minute < timeToMinute) {
                day = day.minus(1);
            }
        }
        return weekdays.isEmpty() || weekdays.contains(day);
    }

    static Pattern glob(String pattern) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[0-9]*");
                case '?' -> regex.append("[0-9]");
                case '+' -> regex.append("\\+");
                default -> regex.append(c);
            }
        }
        return Pattern.compile(regex.toString());
    }
}
