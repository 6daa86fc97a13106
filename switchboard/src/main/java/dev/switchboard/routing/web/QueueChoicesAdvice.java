package dev.switchboard.routing.web;

import dev.switchboard.routing.QueueReferences;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The company's call queues, for the target pickers of the routing pages. */
@ControllerAdvice(assignableTypes = {RulesTab.class, GeneralTab.class, CallFlowsTab.class})
class QueueChoicesAdvice {

    private final ObjectProvider<QueueReferences> queues;

    QueueChoicesAdvice(ObjectProvider<QueueReferences> queues) {
        this.queues = queues;
    }

    @ModelAttribute("queueChoices")
    List<QueueReferences.Choice> queueChoices() {
        var references = queues.getIfAvailable();
        return references == null ? List.of() : references.queueChoices();
    }
}
