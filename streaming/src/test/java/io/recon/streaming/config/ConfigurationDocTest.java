package io.recon.streaming.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md's settings table is generated from {@link ReconSettings}; this fails when it is stale. */
class ConfigurationDocTest {
    private static final String BEGIN = "<!-- settings:begin -->\n";
    private static final String END = "<!-- settings:end -->";

    @Test
    void theReferencePageMatchesTheSettings() throws Exception {
        Path page = Path.of("..", "docs", "CONFIGURATION.md");
        String text = Files.readString(page);
        int a = text.indexOf(BEGIN);
        int b = text.indexOf(END);
        String generated = text.substring(0, a + BEGIN.length()) + ReconSettings.markdownTable() + text.substring(b);
        if (Boolean.getBoolean("recon.docs.write")) {
            Files.writeString(page, generated);
        }
        assertEquals(generated, Files.readString(page), "docs/CONFIGURATION.md is stale: run ./mvnw -q -pl streaming test "
                + "-Dtest=ConfigurationDocTest -Drecon.docs.write=true");
    }
}
