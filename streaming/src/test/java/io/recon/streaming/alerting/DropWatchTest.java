package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A feature missing from n consecutive records of a key fires once; the key's next complete record resolves it. */
class DropWatchTest {
    @Test
    void firesAfterNRecordsInARowOnceAndResolvesWhenTheFeatureIsBack() {
        DropWatch w = new DropWatch(3);
        assertNull(w.missing("m", "h", "mem", 100));
        assertNull(w.missing("m", "h", "mem", 200));
        DropWatch.Alert fired = w.missing("m", "h", "mem", 300);
        assertTrue(fired.firing());
        assertEquals("mem", fired.feature());
        assertEquals(100, fired.sinceMs(), "since the first record without it");
        assertEquals(3, fired.records());
        assertNull(w.missing("m", "h", "mem", 400), "one alert per drop");
        assertNull(w.present("m", "other"), "another key's record changes nothing");
        DropWatch.Alert back = w.present("m", "h");
        assertEquals(false, back.firing());
        assertEquals(4, back.records());
        assertEquals(0, w.watching(), "nothing left once it is back");
    }

    @Test
    void aGapShorterThanNRecordsAndOtherKeysAndModelsAreApart() {
        DropWatch w = new DropWatch(3);
        w.missing("m", "h", "mem", 1);
        w.missing("m", "h", "mem", 2);
        assertNull(w.present("m", "h"), "two missing, then complete: a scrape that failed, no alert");
        assertNull(w.missing("m", "h", "mem", 3), "the count starts over");
        assertNull(w.missing("m2", "h", "mem", 3));
        assertNull(w.missing("m", "g", "mem", 3));
        assertNull(w.missing("m", "h", "mem", 4));
        assertTrue(w.missing("m", "h", "mem", 5).firing(), "three in a row for model m, key h");
        // while counting, another feature missing instead restarts the count
        DropWatch v = new DropWatch(2);
        assertNull(v.missing("m", "h", "cpu", 1));
        assertNull(v.missing("m", "h", "mem", 2));
        assertEquals("mem", v.missing("m", "h", "mem", 3).feature());
    }
}
