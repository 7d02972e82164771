package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's --help renders as clean paragraphs: picocli prints each element of a description on a line of
 * its own and wraps it, so an element that stops mid-sentence (the next one going on in lower case) shows as a
 * ragged line broken by hand ("... the model contract in its" / "metadata) ..."). Each paragraph must be one
 * element; this checks every command's and every option's description, and renders every help at 80 columns.
 */
public class HelpTextTest {
    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!out.contains(sub)) {
                collect(sub, out);
            }
        }
    }

    /** Places where one description element stops mid-sentence and the next goes on in lower case. */
    static List<String> handBreaks(String where, String[] elements) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i + 1 < elements.length; i++) {
            String a = elements[i].stripTrailing();
            String b = elements[i + 1].strip();
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            char end = a.charAt(a.length() - 1);
            boolean midSentence = Character.isLetterOrDigit(end) || end == ',' || end == '(' || end == '-';
            if (midSentence && Character.isLowerCase(b.charAt(0))) {
                bad.add(where + ": \"..." + a.substring(Math.max(0, a.length() - 30)) + "\" / \"" + b.substring(0,
                        Math.min(30, b.length())) + "...\"");
            }
        }
        return bad;
    }

    @Test
    void noDescriptionIsBrokenByHandInTheMiddleOfASentence() {
        checkEveryHelp(10);
    }

    /**
     * The check above on {@code recon}'s commands as the class path makes them (the bench module runs it with its
     * commands plugged in); at least {@code commands} of them.
     */
    public static void checkEveryHelp(int commands) {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertTrue(all.size() >= commands, "commands: " + all.size());
        List<String> bad = new ArrayList<>();
        for (CommandLine cl : all) {
            CommandSpec spec = cl.getCommandSpec();
            bad.addAll(handBreaks(spec.qualifiedName(), spec.usageMessage().description()));
            for (ArgSpec arg : spec.args()) {
                bad.addAll(handBreaks(spec.qualifiedName() + " " + arg.paramLabel(), arg.description()));
            }
            cl.setUsageHelpWidth(80);
            java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
            java.io.PrintStream stderr = System.err;
            String usage;
            try {
                System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
                usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            } finally {
                System.setErr(stderr);
            }
            assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8), spec.qualifiedName()
                    + ": picocli formats the help without warnings (a '%' must be written '%%')");
            assertTrue(usage.lines().allMatch(l -> l.length() <= 80 || l.strip().startsWith("recon ")
                    || !l.strip().contains(" ")), spec.qualifiedName() + ": lines within 80 columns");
        }
        assertTrue(bad.isEmpty(), "descriptions broken by hand:\n" + String.join("\n", bad));
    }

    @Test
    void theCheckCatchesAHandBreakAndLetsSentencesEnd() {
        assertEquals(1, handBreaks("x", new String[] {"the model contract in its", "metadata), and more."}).size());
        assertTrue(handBreaks("x", new String[] {"A sentence.", "", "another paragraph"}).isEmpty());
        assertTrue(handBreaks("x", new String[] {"Examples:", "  recon train"}).isEmpty());
    }
}
