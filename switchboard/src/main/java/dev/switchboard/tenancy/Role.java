package dev.switchboard.tenancy;

/**
 * What a user may do. Owners and admins configure; supervisors read everything and configure
 * nothing; agents read and change only their own availability, vacation and do-not-disturb.
 */
public enum Role {
    OWNER, ADMIN, SUPERVISOR, AGENT;

    public boolean canConfigure() {
        return this == OWNER || this == ADMIN;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
