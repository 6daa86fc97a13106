/**
 * Cross-cutting plumbing every module stands on: the PostgreSQL connection (embedded or external),
 * the per-transaction tenant setting for row-level security, the clock, and API error documents.
 */
@org.springframework.modulith.ApplicationModule(
        type = org.springframework.modulith.ApplicationModule.Type.OPEN,
        allowedDependencies = "shared")
package dev.switchboard.platform;
