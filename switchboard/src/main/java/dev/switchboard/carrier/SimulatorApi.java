package dev.switchboard.carrier;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.tenancy.Companies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test calls in demo mode: a person (or a script) places a simulated call to one of the company's own
 * numbers, presses digits and hangs up. Not available with a real carrier.
 */
@RestController
@RequestMapping("/api/v1/simulator/calls")
@Tag(name = "Demo: simulated calls")
class SimulatorApi {

    private final ObjectProvider<TelnyxSimulator> simulator;
    private final Companies companies;
    private final Map<String, Caller> callers = new ConcurrentHashMap<>();

    SimulatorApi(ObjectProvider<TelnyxSimulator> simulator, Companies companies) {
        this.simulator = simulator;
        this.companies = companies;
    }

    record PlaceCall(String from, String to) {
    }

    record Placed(String id, String from, String to, String state, List<String> heard) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Place a simulated call from any number to one of the company's numbers (demo mode only)")
    Placed place(@RequestBody PlaceCall body) {
        var sim = demo();
        var company = companies.current();
        String from;
        String to;
        try {
            from = PhoneNumber.parse(body.from(), company.defaultRegion()).e164();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("from", "e164", e.getMessage());
        }
        try {
            to = PhoneNumber.parse(body.to(), company.defaultRegion()).e164();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("to", "e164", e.getMessage());
        }
        if (company.businessNumbers().stream().noneMatch(n -> n.e164().equals(to))) {
            throw new InvalidInputException("to", "own-number", "must be one of the company's numbers: "
                    + company.businessNumbers().stream().map(Object::toString).toList());
        }
        var caller = sim.call(from, to);
        callers.put(caller.callControlId(), caller);
        return view(caller);
    }

    @GetMapping("/{id}")
    Placed get(@PathVariable String id) {
        return view(caller(id));
    }

    record Digits(String digits) {
    }

    @PostMapping("/{id}/digits")
    Placed press(@PathVariable String id, @RequestBody Digits body) {
        if (body.digits() == null || !body.digits().matches("[0-9*#]{1,20}")) {
            throw new InvalidInputException("digits", "pattern", "must be 1 to 20 of 0-9, * and #");
        }
        var caller = caller(id);
        caller.press(body.digits());
        return view(caller);
    }

    @PostMapping("/{id}/hangup")
    Placed hangUp(@PathVariable String id) {
        var caller = caller(id);
        caller.hangUp();
        return view(caller);
    }

    private Caller caller(String id) {
        demo();
        var caller = callers.get(id);
        if (caller == null) {
            throw new NotFoundException("simulated call", id);
        }
        var sessionCompany = companies.current().businessNumbers().stream().anyMatch(n -> n.e164().equals(caller.leg().to()));
        if (!sessionCompany) {
            throw new NotFoundException("simulated call", id);
        }
        return caller;
    }

    private TelnyxSimulator demo() {
        var sim = simulator.getIfAvailable();
        if (sim == null) {
            throw new NotFoundException("simulator", "(the carrier is real Telnyx; test calls exist only in demo mode)");
        }
        return sim;
    }

    private static Placed view(Caller c) {
        return new Placed(c.callControlId(), c.leg().from(), c.leg().to(), c.state().name(), c.heard());
    }
}
