package io.recon.streaming.feedback;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Verdicts received while the scorer runs, in order, for its scoring threads to apply to the keys they hold: each
 * keeps its own cursor into this log (feedback is rare; the log only grows).
 */
public final class FeedbackLog {
    private final List<Feedback> items = new CopyOnWriteArrayList<>();

    public void add(Feedback f) {
        items.add(f);
    }

    public int size() {
        return items.size();
    }

    public Feedback get(int i) {
        return items.get(i);
    }
}
