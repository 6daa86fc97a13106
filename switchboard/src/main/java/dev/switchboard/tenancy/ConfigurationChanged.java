package dev.switchboard.tenancy;

import dev.switchboard.shared.CompanyId;

/** A company's configuration changed (published with every audit-log entry), so caches of it can drop it. */
public record ConfigurationChanged(CompanyId companyId, String entityType) {
}
