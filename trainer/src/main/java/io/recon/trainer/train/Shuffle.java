package io.recon.trainer.train;

import java.util.Random;

/** Fisher-Yates shuffle of an index array, reproducible for a seeded {@link Random}. */
final class Shuffle {
    private Shuffle() {}

    static void inPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
