/**
 * The Telnyx Call Control simulator: REST subset, signed webhooks and scripted callers and phones.
 * Empty for now; filled by the call-engine issue.
 */
package dev.switchboard.simulator;
