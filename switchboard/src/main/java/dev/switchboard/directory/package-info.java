/**
 * The team: members with their extensions, direct numbers, forwarding and ring settings, their
 * availability (status, state, vacation, do-not-disturb) and who is eligible for a call; and the
 * customers and jobs that calls are linked to.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy"})
package dev.switchboard.directory;
