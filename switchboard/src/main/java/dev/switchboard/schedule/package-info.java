/**
 * When the business is open: weekly hours (split shifts, ranges across midnight) in the company's
 * timezone, holidays with RFC 5545 recurrence, and overrides; {@code isOpen(instant)} and the next
 * open/closed changes.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "media"})
package dev.switchboard.schedule;
