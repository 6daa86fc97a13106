/**
 * Where calls go: routing rules in strict priority order (direct, round robin, simultaneous ring, IVR,
 * business hours, conditional), IVR menus and the general phone settings; every save checked for
 * dangling references and loops.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "platform", "tenancy", "directory", "schedule", "media"})
package dev.switchboard.routing;
