package dev.switchboard.tenancy;

import dev.switchboard.shared.CompanyId;

/**
 * A company's configuration changed on some node (this one or another), heard once its change committed: what each node
 * keeps of a company's configuration in memory is stale. {@code companyId} null: any company's may be (this node was not
 * listening for a while, so changes may have gone unheard).
 */
public record ConfigurationChangedOnAnyNode(CompanyId companyId) {

    /** Whether the configuration of {@code company} may have changed. */
    public boolean concerns(CompanyId company) {
        return companyId == null || companyId.equals(company);
    }
}
