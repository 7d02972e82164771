package io.recon.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * This module's test classpath is its runtime classpath plus JUnit: what the serving image ships. It
 * must not carry a Kafka broker, DJL or PyTorch, Recon's trainer or its test kit.
 */
class ServingArtifactTest {
    @Test
    void carriesNoBrokerNoPyTorchNoTrainerNoTestkit() {
        for (String absent : new String[] {"kafka.server.KafkaRaftServer", "org.apache.kafka.server.common.MetadataVersion",
                "ai.djl.Model", "ai.djl.pytorch.engine.PtEngine", "io.recon.trainer.TrainJob", "io.recon.testkit.EmbeddedKafka"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent + " must not be in the serving artifact");
        }
        assertTrue(ServingArtifactTest.class.getClassLoader().getResource("ai/djl/pytorch") == null);
    }

    @Test
    void serveMainRejectsBadSettingsWithOneLineBeforeStarting() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = ServeMain.execute("--bootstrap", "127.0.0.1:1", "--model", "no-such-dir", "--route-by", "field",
                    "--route-field", "site", "--route-rules", "eu-(=m");
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code, text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("recon: error: recon.route.rules: 'eu-(' is not a valid regular expression"), text);
    }
}
