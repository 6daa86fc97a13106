package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * {@link RandomOutboundScenariosTest}'s calls out (click-to-calls, queue callbacks) and checks, unchanged, on two app
 * nodes ({@link TwoNodes}), as {@link TwoNodeRandomScenariosTest} runs the calls in: webhooks split between the nodes
 * by the seed, a share to both at once (-Dfuzz.both, 0.1), timers run by either node, and the owner's requests (the
 * click-to-calls themselves) to node A or node B. 15 seeds from 7000 by default; -Dfuzz.seed / -Dfuzz.n as the others.
 */
@Import(TwoNodes.SharedSimulator.class)
class TwoNodeOutboundScenariosTest extends RandomOutboundScenariosTest {

    static ConfigurableApplicationContext nodeB;

    @Autowired
    ConfigurableApplicationContext nodeA;

    boolean apiOnNodeB;

    @BeforeEach
    void twoNodes() {
        nodeB = TwoNodes.secondNodeOf(nodeA);
    }

    @AfterAll
    static void stopNodeB() {
        TwoNodes.stopSecondNode();
    }

    @Override
    protected void newCompany(String name) {
        super.newCompany(name);
        if (apiOnNodeB) {
            owner = owner.onPort(TwoNodes.port(nodeB));
        }
    }

    @Override
    @Test
    void randomCallsOut() {
        double both = TwoNodes.shareToBoth();
        runSeeds("TWONODE-OUT", 7000L, 15, (seed, d) -> {
            apiOnNodeB = TwoNodes.splitBySeed(seed, both, sim);
            d.append("TWO NODES (webhooks split, ").append(both).append(" of them to both; API on node ").append(apiOnNodeB ? "B" : "A").append("); ");
            scenario(seed, d);
        });
        System.out.println("TWONODE-OUT deliveries to node A, node B, both: " + TwoNodes.ROUTER.counts);
        assertThat(TwoNodes.ROUTER.counts.get(1)).as("node B took webhooks").isPositive();
    }
}
