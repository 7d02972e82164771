package io.recon.cli;

import io.recon.serve.ServeCommand;
import io.recon.trainer.data.DataException;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code recon} command line. */
@Command(name = "recon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Streaming anomaly detection on Apache Kafka with autoencoders.", ""},
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, ServeCommand.class, PublishCommand.class,
                RetrainCommand.class, AlertsCommand.class, MaintenanceCommand.class, FeedbackCommand.class,
                ProduceCommand.class,
                KafkaCommand.class},
        footer = {"", "Run 'recon COMMAND --help' for a command's options.",
                "Errors print one line; add --stacktrace (or RECON_STACKTRACE=1) for the details."})
public final class Main implements Runnable {

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace on errors.")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        javaStderr(System.getenv("RECON_STDERR_FD"));
        System.exit(execute(args));
    }

    /**
     * The launcher may pass the terminal's stderr on another descriptor ({@code RECON_STDERR_FD}) while the
     * process's own stderr goes through a filter for native libraries' noise; Java's output (logs, progress bars
     * with carriage returns) then goes straight to the terminal, unbuffered by any line filter.
     */
    static void javaStderr(String fd) {
        if (fd == null || !fd.matches("[0-9]+")) {
            return;
        }
        java.nio.file.Path path = java.nio.file.Path.of("/dev/fd/" + fd);
        // a regular file is never reopened: a second opening has its own offset and would write over the lines that
        // stdout, sharing the first, writes (the launcher passes the descriptor only for terminals and pipes)
        if (java.nio.file.Files.isWritable(path) && !java.nio.file.Files.isRegularFile(path)) {
            try {
                System.setErr(new java.io.PrintStream(new java.io.FileOutputStream(path.toFile()), true,
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // keep the process's own stderr
            }
        }
    }

    /**
     * The command line: the commands above, those other modules on the class path add ({@link PluggedCommand}: the
     * bench module's {@code recon bench}), then {@code help}.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (PluggedCommand command : ServiceLoader.load(PluggedCommand.class)) {
            cli.addSubcommand(command);
        }
        return cli.addSubcommand(new CommandLine.HelpCommand());
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        boolean trace = System.getenv("RECON_STACKTRACE") != null || java.util.Arrays.asList(args).contains("--stacktrace");
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            java.util.List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
            if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unmatched.isEmpty()) {
                // a misspelt option also makes required options look missing: name the real culprit
                err.println("recon: Unknown option: '" + unmatched.get(0) + "'");
            } else {
                err.println("recon: " + e.getMessage());
            }
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try 'recon " + qualifiedName(e.getCommandLine()) + "--help' for the options.");
            return 2;
        });
        cli.setExecutionExceptionHandler(io.recon.serve.ServeMain.oneLineErrors(trace, Main::describe));
        return cli.execute(args);
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.startsWith("recon") ? name.substring(5).trim() + (name.length() > 5 ? " " : "") : name + " ";
    }

    /** The trainer's and the command line's own user errors in one line; everything else as {@code recon serve} says it. */
    static String describe(Throwable e) {
        if (e instanceof DataException || e instanceof UserException) {
            return e.getMessage();
        }
        return io.recon.serve.ServeMain.describe(e);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"recon " + io.recon.trainer.export.ReconVersion.get()};
        }
    }
}
