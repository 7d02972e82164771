package io.recon.streaming.state;


/**
 * A change of per-key state made while scoring a batch, for the adapter to write to its changelogged
 * store when it emits the batch (so state and outputs commit together).
 *
 * @param value the new serialized state, or null to delete the key
 */
public record StateWrite(Store store, String key, byte[] value) {
    /** The per-key states the pipeline keeps. */
    public enum Store {
        /** last W rows of each (model, key) of windowed models: {@link WindowState} */
        WINDOWS,
        /** firing alerts' last anomaly times: {@code alerting.AlertState} */
        ALERTS,
        /** each key's score calibration, record rate and recent decisions: {@code alerting.AlertBudget} */
        CALIBRATION
    }
}
