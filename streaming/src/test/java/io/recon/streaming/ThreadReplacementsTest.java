package io.recon.streaming;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {
    @Test
    void atMostThreeReplacementsWithinFiveMinutesThenGiveUp() {
        AtomicLong clock = new AtomicLong();
        ThreadReplacements r = new ThreadReplacements(3, clock::get);
        assertTrue(r.allowReplacement());
        clock.addAndGet(60_000_000_000L);
        assertTrue(r.allowReplacement());
        assertTrue(r.allowReplacement());
        assertFalse(r.allowReplacement(), "a 4th failure within 5 minutes: give up");
        clock.addAndGet(4 * 60_000_000_000L); // the first failure is now 5 minutes old
        assertTrue(r.allowReplacement(), "failures older than the window no longer count");
        assertFalse(r.allowReplacement());
        assertFalse(new ThreadReplacements(0, clock::get).allowReplacement(), "0: never replace");
    }

    @Test
    void aFailureIsDescribedInOneLineByItsRootCause() {
        Exception e = new RuntimeException("wrapper\nsecond line", new IllegalStateException("too large\nhandler said FAIL"));
        org.junit.jupiter.api.Assertions.assertEquals("IllegalStateException: too large", ThreadReplacements.describe(e));
    }
}
