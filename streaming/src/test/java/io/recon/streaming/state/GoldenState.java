package io.recon.streaming.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** A state format's golden bytes: {@code golden/state/NAME.hex} on the test classpath, hex with {@code #} comments. */
public final class GoldenState {
    private GoldenState() {}

    public static byte[] read(String name) {
        try (InputStream in = GoldenState.class.getResourceAsStream("/golden/state/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file golden/state/" + name + ".hex");
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.trim());
                }
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
