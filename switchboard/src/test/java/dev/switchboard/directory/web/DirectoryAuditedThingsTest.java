package dev.switchboard.directory.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Activity page's words for members, logins, customers and jobs are their forms' own: a form changed, this fails. */
class DirectoryAuditedThingsTest {

    @Test
    void theMemberLoginCustomerAndJobFieldsAreLabelledAsTheirFormsLabelThem() {
        assertLabels("settings/extension-edit", DirectoryAuditedThings.MEMBER_LABELS, Map.of("voicemail_pin_set", "voicemailPin"));
        assertLabels("customers/form", DirectoryAuditedThings.CUSTOMER_LABELS, Map.of());
        assertLabels("customers/job-form", DirectoryAuditedThings.JOB_LABELS, Map.of());
        assertLabels("settings/team-form", DirectoryAuditedThings.USER_LABELS, Map.of());
    }

    @Test
    void aMembersStatusIsSaidAsMyStatusOffersIt() {
        assertChoices("me", "status", DirectoryAuditedThings.STATUSES);
    }
}
