package io.recon.streaming.maintenance;

import java.util.Collection;
import java.util.List;

/**
 * The maintenance windows a scorer knows now, shared by its scoring threads: the follower of the maintenance topic
 * replaces the whole list; a scoring thread reads it once per record. With no window the check is one volatile read.
 */
public final class Maintenance {
    private volatile List<MaintenanceWindow> windows = List.of();

    /** Whether a record of {@code key} at {@code timeMs} (its own time) falls in a maintenance window. */
    public boolean covers(String key, long timeMs) {
        List<MaintenanceWindow> w = windows;
        if (w.isEmpty()) {
            return false;
        }
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i).covers(key, timeMs)) {
                return true;
            }
        }
        return false;
    }

    public void set(Collection<MaintenanceWindow> now) {
        windows = List.copyOf(now);
    }

    public List<MaintenanceWindow> windows() {
        return windows;
    }
}
