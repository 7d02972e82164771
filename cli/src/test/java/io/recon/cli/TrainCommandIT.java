package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.testkit.DataGenerator;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code recon train} end to end: real data files in, model.onnx and contract.json out, clear errors. */
class TrainCommandIT {
    @TempDir
    Path dir;

    @Test
    void trainsDenseModelOnLabelledCsv() throws Exception {
        Path csv = DataGenerator.correlatedCsv(dir, 1200, 6, 0.05, 5);
        Path out = dir.resolve("model");
        CliRun run = CliRun.of("train", "--model", "dense-ae", "--data", csv.toString(), "--label-column", "label",
                "--normal-label", "0", "--epochs", "5", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("threshold"), run.out());
        assertTrue(run.err().contains("epoch 5/5"), "progress shows the loss per epoch: " + run.err());
        ModelContract onDisk = ModelContract.read(out.resolve("contract.json"));
        try (OnnxModel m = OnnxModel.load(out, ScorerOptions.defaults())) {
            assertEquals(onDisk, m.contract());
        }
        assertEquals(ModelKind.DENSE_AE, onDisk.kind());
        assertEquals(6, onDisk.features().size());
        assertFalse(onDisk.features().contains("label"));
        assertFalse(onDisk.features().contains("timestamp"));
        assertTrue(onDisk.training().timeStart() != null);
    }

    @Test
    void trainsConvModelOnIdxDirectoryWithNormalDigit() throws Exception {
        DataGenerator.idxImages(dir, 400, 8, 8, 0.5, true, 6);
        Path out = dir.resolve("conv");
        CliRun run = CliRun.of("train", "--model", "conv-ae", "--data", dir.toString(), "--normal-label", "0", "--epochs",
                "1", "--channels", "4", "--latent", "4", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        ModelContract c = ModelContract.read(out.resolve("contract.json"));
        assertEquals(java.util.List.of(1, 8, 8), c.inputShape().dims());
        long normal = c.training().rows() + c.training().validationRows();
        assertTrue(normal > 150 && normal < 250, "only the label-0 images are used: " + normal);
    }

    @Test
    void helpDocumentsEveryOption() {
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("train"));
        CliRun help = CliRun.of("train", "--help");
        assertEquals(0, help.exitCode());
        CommandLine cl = Main.commandLine().getSubcommands().get("train");
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            // a negatable option is shown as --[no-]name
            String shown = o.negatable() ? "--[no-]" + o.longestName().substring(2) : o.longestName();
            assertTrue(help.out().contains(shown), "help lacks " + shown);
            assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), o.longestName() + " has no description");
        }
    }

    @Test
    void missingFile() {
        assertOneLineError(train(dir.resolve("nope.csv").toString()), Pattern.quote(dir.resolve("nope.csv").toString())
                + ": no such file or directory");
    }

    @Test
    void nonNumericCell() throws Exception {
        Path p = write("a.csv", "x,y\n1,2\n3,oops\n");
        assertOneLineError(train(p.toString()), Pattern.quote(p + ":3: column 'y': 'oops' is not a number") + "; .*"
                + Pattern.quote("--drop-columns y") + ".*");
    }

    @Test
    void raggedRow() throws Exception {
        Path p = write("b.csv", "x,y\n1,2\n3\n");
        assertOneLineError(train(p.toString()), Pattern.quote(p + ":3: 1 cells but the header has 2") + ".*");
    }

    @Test
    void aMissingValueStopsAtItsLineWhenToldTo() throws Exception {
        Path p = write("c.csv", "x,y\n1,2\nnan,2\n");
        assertOneLineError(CliRun.of("train", "--model", "dense-ae", "--data", p.toString(), "--out", dir.resolve("o").toString(),
                "--missing-values", "fail"), Pattern.quote(p + ":3: column 'x' is missing ('nan'); --missing-values skip") + ".*");
    }

    @Test
    void wrongImageSize() throws Exception {
        Path p = dir.resolve("train-images-idx3-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(p))) {
            out.writeInt(0x803);
            out.writeInt(10);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[28 * 20]);
        }
        CliRun run = CliRun.of("train", "--model", "conv-ae", "--data", p.toString(), "--out", dir.resolve("o").toString());
        assertOneLineError(run, Pattern.quote(p.toString()) + ": truncated: .*wrong image size.*");
    }

    @Test
    void unknownOptionAndUnknownModel() {
        CliRun run = CliRun.of("train", "--modle", "dense-ae");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--modle'"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        CliRun kind = CliRun.of("train", "--model", "svm", "--data", "x.csv", "--out", "o");
        assertOneLineError(kind, "unknown model kind 'svm'.*");
    }

    @Test
    void stacktraceOnRequest() throws Exception {
        Path p = write("d.csv", "x\nfoo\n");
        CliRun run = CliRun.of("train", "--stacktrace", "--model", "dense-ae", "--data", p.toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("\tat "), "stack trace printed with --stacktrace");
    }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private CliRun train(String data) {
        return CliRun.of("train", "--model", "dense-ae", "--data", data, "--out", dir.resolve("o").toString());
    }

    private static void assertOneLineError(CliRun run, String messageRegex) {
        assertEquals(1, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\n");
        String last = lines[lines.length - 1];
        Matcher m = Pattern.compile("recon: error: " + messageRegex).matcher(last);
        assertTrue(m.matches(), "got: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
