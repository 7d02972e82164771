package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EpochTimeTest {
    @Test
    void theUnitIsToldBySizeWhereOnlyOneUnitFits() {
        assertEquals(1796094000000L, EpochTime.millis(1796094000L), "seconds (2026)");
        assertEquals(1_000_000_000_000L, EpochTime.millis(1_000_000_000L), "2001-09-09 in seconds");
        assertEquals(99_999_999_999_000L, EpochTime.millis(99_999_999_999L), "the last value read as seconds (5138)");
        assertEquals(100_000_000_000L, EpochTime.millis(100_000_000_000L), "1973 in milliseconds");
        assertEquals(1796094000123L, EpochTime.millis(1796094000123456L), "microseconds");
        assertEquals(1796094000123L, EpochTime.millis(1796094000123456789L), "nanoseconds");
        assertEquals(999_999_999L, EpochTime.millis(999_999_999L), "under 10^9: a synthetic clock, milliseconds as given");
        assertEquals(5000L, EpochTime.millis(5000L));
        assertEquals(-1, EpochTime.millis(-5L));
        assertEquals(1796094000250L, EpochTime.millis(1796094000.25));
        assertEquals(EpochTime.SECONDS, EpochTime.unit(1796094000L));
        assertEquals(EpochTime.MILLIS, EpochTime.unit(1796094000000L));
    }
}
