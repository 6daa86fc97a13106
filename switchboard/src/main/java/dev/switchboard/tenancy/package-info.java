/** Companies, users and their roles, sign-up, login, API tokens and the audit log of configuration changes. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform"})
package dev.switchboard.tenancy;
