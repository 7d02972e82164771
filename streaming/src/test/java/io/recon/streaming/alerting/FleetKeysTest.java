package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The service's key count per model: summed over the tasks here, scaled to every partition, at least one. */
class FleetKeysTest {
    @Test
    void tasksAreSummedAndScaledToThePartitionsOfEveryInstance() {
        FleetKeys keys = new FleetKeys();
        assertEquals(1, keys.keys("m"), "no key yet: one");
        FleetKeys.Task a = keys.task();
        FleetKeys.Task b = keys.task();
        a.keys("m", 10);
        b.keys("m", 30);
        b.keys("n", 5);
        assertEquals(40, keys.keys("m"), "partitions unknown: the keys here are the fleet");
        keys.partitions(2);
        assertEquals(40, keys.keys("m"), "this instance holds every partition");
        keys.partitions(8);
        assertEquals(160, keys.keys("m"), "two tasks of eight partitions: a quarter of the keys");
        assertEquals(20, keys.keys("n"));
        a.close();
        assertEquals(240, keys.keys("m"), "one task of eight");
        b.keys("m", 31);
        assertEquals(248, b.fleet("m"));
    }
}
