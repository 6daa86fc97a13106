package dev.switchboard.directory.api;

import dev.switchboard.directory.TeamMember;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** A team member as the API shows it. The voicemail PIN is never shown, only whether one is set. */
record MemberView(UUID id, String name, String email, String role, String phoneExtension, String directInwardDial,
        boolean extensionEnabled, boolean voicemailPinSet, boolean callForwardingEnabled, String callForwardingNumber,
        boolean simultaneousRingEnabled, boolean confirmForwardedCalls, int ringTimeoutSeconds, String voicemailGreetingUrl, String sipAddress,
        int maxConcurrentCalls, AvailabilityView availability, Instant createdAt, Instant updatedAt) {

    record VacationView(LocalDate startDate, LocalDate endDate, String message, boolean autoReplyEnabled,
            boolean active, Instant startsAt, Instant endsAt) {
    }

    record AvailabilityView(@io.swagger.v3.oas.annotations.media.Schema(implementation = dev.switchboard.directory.MemberStatus.class) String status,
            String statusReason, @io.swagger.v3.oas.annotations.media.Schema(implementation = dev.switchboard.directory.MemberState.class) String state, Instant stateChangedAt, int activeCalls,
            boolean vacationModeEnabled, VacationView vacation, Instant doNotDisturbUntil, boolean doNotDisturb) {
    }

    static MemberView of(TeamMember m, Instant now, ZoneId zone) {
        var a = m.availability();
        var v = a.vacation();
        var vacation = v == null ? null : new VacationView(v.startDate(), v.endDate(), v.message(), v.autoReply(),
                v.activeAt(now, zone), v.startsAt(zone), v.endsAt(zone));
        var availability = new AvailabilityView(a.status().name(), a.statusReason(), a.state().name(), a.stateChangedAt(),
                a.activeCalls(), a.onVacation(now, zone), vacation, a.doNotDisturbUntil(), a.doNotDisturb(now));
        return new MemberView(m.id(), m.name(), m.email(), m.role(), str(m.phoneExtension()), str(m.directInwardDial()),
                m.extensionEnabled(), m.voicemailPinSet(), m.callForwardingEnabled(), str(m.callForwardingNumber()),
                m.simultaneousRingEnabled(), m.confirmForwardedCalls(), m.ringTimeoutSeconds(), m.voicemailGreetingUrl(), m.sipAddress(),
                m.maxConcurrentCalls(), availability, m.createdAt(), m.updatedAt());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
