package io.recon.streaming.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recon.streaming.assembly.SampleBatch.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The assembly's saved and transported formats against golden bytes: the changelogged entity state
 * ({@code recon-assembly}, version 1) and the sample batches of the repartition topic (version 1). A format change
 * needs a new version, a new golden file and a reader of the old one.
 */
class AssemblyFormatTest {
    private static final long T = 1_796_094_000_000L;

    private static byte[] golden(String name, byte[] current) throws Exception {
        Path file = Path.of("src", "test", "resources", "golden", "state", name + ".hex");
        if (Boolean.getBoolean("recon.golden.write")) {
            String hex = HexFormat.of().formatHex(current);
            StringBuilder text = new StringBuilder("# " + name + ", written by AssemblyFormatTest\n");
            for (int i = 0; i < hex.length(); i += 64) {
                text.append(hex, i, Math.min(hex.length(), i + 64)).append('\n');
            }
            Files.writeString(file, text.toString());
        }
        StringBuilder hex = new StringBuilder();
        for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("#")) {
                hex.append(line.trim());
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    /** An entity with a closed step (a counter with its reading, a gauge) and an open one. */
    private static Assembler sample() {
        Assembler a = new Assembler(AssemblyConfig.defaults(), () -> T);
        a.accept("host-1", List.of(new Sample("n_total", "n_total", T, 100, true), new Sample("load", "load", T, 0.5, false)),
                a.new NoOutput());
        a.accept("host-1", List.of(new Sample("n_total", "n_total", T + 10_000, 250, true),
                new Sample("cpu{mode=\"user\"}", "cpu", T + 10_001, 3, false)), a.new NoOutput());
        return a;
    }

    @Test
    void entityStateWritesVersionOneAndReadsItBack() throws Exception {
        Map<String, byte[]> states = sample().drainChanged();
        byte[] current = states.get("host-1");
        assertArrayEquals(golden("assembly-v1", current), current);
        Assembler restored = new Assembler(AssemblyConfig.defaults(), () -> T);
        restored.restore("host-1", golden("assembly-v1", current));
        restored.accept("host-1", List.of(), restored.new NoOutput());
        assertArrayEquals(current, restored.drainChanged().get("host-1"), "read and written again: the same bytes");
        assertEquals(1, restored.openSteps("host-1"));
    }

    @Test
    void sourcesWriteVersionOne() throws Exception {
        Sources sources = new Sources(() -> T, 15_000);
        sources.seen("metrics-0", List.of(new Sample("a", "a", T, 1, false)));
        sources.seen("metrics-3", List.of(new Sample("a", "a", T + 15_000, 1, false)));
        byte[] current = sources.write();
        assertArrayEquals(golden("assembly-sources-v1", current), current);
        Sources restored = new Sources(() -> T + 1, 15_000);
        restored.restore(golden("assembly-sources-v1", current));
        assertArrayEquals(current, restored.write());
        assertEquals(T, restored.watermark(), "the slower source bounds the watermark");
    }

    @Test
    void sampleBatchWritesVersionOne() throws Exception {
        List<Sample> batch = List.of(new Sample("node_load1", "node_load1", T, 0.93, false),
                new Sample("node_cpu_seconds_total{cpu=\"0\",mode=\"user\"}", "node_cpu_seconds_total{mode=\"user\"}", T, 1234.5,
                        true));
        byte[] current = SampleBatch.encode(batch);
        assertArrayEquals(golden("sample-batch-v1", current), current);
        assertEquals(batch, SampleBatch.decode(golden("sample-batch-v1", current)));
    }
}
