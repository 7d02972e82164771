package io.recon.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.recon.trainer.NativeSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchOwnedTest {
    @BeforeAll
    static void threads() {
        NativeSettings.applyDefaults();
    }

    /**
     * The gradient of {@code x * c} is {@code c} even when the garbage collector runs and direct
     * memory is reused between the forward and the backward pass (DJL's {@code mul(Number)} loses its
     * scalar then).
     */
    @Test
    void scalarProductKeepsItsGradientAcrossGarbageCollection() {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            for (int round = 0; round < 20; round++) {
                try (NDManager batch = root.newSubManager()) {
                    NDArray x = batch.ones(new Shape(4, 8));
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray y = BatchOwned.times(x, 0.5f).sum();
                        churnDirectMemory();
                        gc.backward(y);
                    }
                    for (float g : x.getGradient().toFloatArray()) {
                        assertEquals(0.5f, g, "round " + round);
                    }
                }
            }
        }
    }

    /** Frees unreachable direct buffers and fills fresh ones with a pattern, likely in the same memory. */
    private static void churnDirectMemory() {
        System.gc();
        List<ByteBuffer> fill = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.putFloat(0, 1234.5f);
            fill.add(b);
        }
        System.gc();
    }
}
