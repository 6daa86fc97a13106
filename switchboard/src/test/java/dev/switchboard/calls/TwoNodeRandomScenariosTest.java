package dev.switchboard.calls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * {@link RandomCallScenariosTest}'s scenarios and checks, unchanged, on two app nodes ({@link TwoNodes}): each webhook
 * goes to a node drawn from the seed, one in ten to both nodes at the same moment, and a timer due is run by either
 * node's timers (ties drawn from the seed too), the owner's requests (set-up, status changes, transfers) to
 * one node or the other, on top of the scenarios' own faults (duplicated, reordered, late and
 * failed deliveries). Same invariants: one call-log row per caller with an outcome that fits what happened, nobody
 * over their limit or left on a call, no leg left ringing, no timer, queue entry or inbox event left, no error
 * logged. The build runs 50 seeds from 7000; more with -Dfuzz.seed=N -Dfuzz.n=M, and a
 * share other than 0.1 to both nodes with -Dfuzz.both=0.3. A failing seed is printed with its
 * scenario (labelled TWONODE). A seed fixes the scenario and where each webhook goes; what wins a race between the
 * two nodes' threads is the machine's, so a failure may need its seed run a few times.
 */
@Import(TwoNodes.SharedSimulator.class)
class TwoNodeRandomScenariosTest extends RandomCallScenariosTest {

    static ConfigurableApplicationContext nodeB;

    @Autowired
    ConfigurableApplicationContext nodeA;

    @BeforeEach
    void twoNodes() {
        nodeB = TwoNodes.secondNodeOf(nodeA);
    }

    @AfterAll
    static void stopNodeB() {
        TwoNodes.stopSecondNode();
    }

    /** Whether the scenario running sets up and changes things (status, transfers) through node B's API. */
    boolean apiOnNodeB;

    /** As the scenario's company is signed up, its owner's requests go to the node the seed chose. */
    @Override
    protected void newCompany(String name) {
        super.newCompany(name);
        if (apiOnNodeB) {
            owner = owner.onPort(TwoNodes.port(nodeB));
        }
    }

    @Override
    @Test
    void randomScenarios() {
        double both = TwoNodes.shareToBoth();
        runSeeds("TWONODE", 7000L, 50, (seed, d) -> {
            apiOnNodeB = TwoNodes.splitBySeed(seed, both, sim);
            d.append("TWO NODES (webhooks split, ").append(both).append(" of them to both); ");
            d.append(apiOnNodeB ? "API on node B; " : "API on node A; ");
            scenario(seed, d);
        });
        printVoicemailCounts("TWONODE");
        System.out.println("TWONODE deliveries to node A, node B, both: " + TwoNodes.ROUTER.counts);
        org.assertj.core.api.Assertions.assertThat(TwoNodes.ROUTER.counts.get(1)).as("node B took webhooks").isPositive();
    }
}
