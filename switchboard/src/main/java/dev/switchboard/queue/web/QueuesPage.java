package dev.switchboard.queue.web;

import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.queue.CallQueue;
import dev.switchboard.queue.QueueLine;
import dev.switchboard.queue.QueueStats;
import dev.switchboard.queue.Queues;
import dev.switchboard.tenancy.Companies;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Call queues at a glance: who is waiting now (position, wait) and today's numbers, for everyone signed in. */
@Controller
class QueuesPage {

    private final Queues queues;
    private final QueueLine line;
    private final QueueStats stats;
    private final Members members;
    private final Companies companies;
    private final Clock clock;

    QueuesPage(Queues queues, QueueLine line, QueueStats stats, Members members, Companies companies, Clock clock) {
        this.queues = queues;
        this.line = line;
        this.stats = stats;
        this.members = members;
        this.companies = companies;
        this.clock = clock;
    }

    /** One queue as the page shows it. */
    record View(CallQueue queue, List<String> memberNames, List<QueueLine.Waiting> waiting, QueueStats.Stats today) {
    }

    @GetMapping("/queues")
    String page(Model model) {
        var now = clock.instant();
        var zone = companies.current().timezone();
        var midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Map<UUID, String> names = members.list().stream().collect(Collectors.toMap(TeamMember::id, TeamMember::name, (a, b) -> a));
        var views = queues.list().stream()
                .map(q -> new View(q, q.memberIds().stream().map(id -> names.getOrDefault(id, "(removed)")).toList(),
                        line.waiting(q.id(), now), stats.stats(q.id(), midnight, now.plusSeconds(1))))
                .toList();
        model.addAttribute("queues", views);
        model.addAttribute("names", names);
        return "queues/list";
    }
}
