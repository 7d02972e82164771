package io.recon.bench;

import io.recon.cli.HelpTextTest;
import org.junit.jupiter.api.Test;

/** The bench commands' --help passes the checks every {@code recon} command's does ({@link HelpTextTest}). */
class BenchHelpTextTest {
    @Test
    void everyHelpWithTheBenchCommandsRendersCleanly() {
        HelpTextTest.checkEveryHelp(17);
    }
}
