package io.recon.serve;

import io.recon.schemas.SchemaException;
import io.recon.streaming.broker.KafkaReach;
import io.recon.streaming.scoring.ModelLoadException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The serving image's entry point: {@code recon serve} and nothing else (no training, no embedded
 * broker, no PyTorch on the classpath). Errors print one line, as in the full {@code recon} command.
 */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs {@code serve} with {@code args}; returns the exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.getCommandSpec().addOption(OptionSpec.builder("--stacktrace").arity("0")
                .description("Print the full stack trace on errors.").build());
        boolean trace = System.getenv("RECON_STACKTRACE") != null || java.util.Arrays.asList(args).contains("--stacktrace");
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("recon serve: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try 'recon serve --help' for the options.");
            return 2;
        });
        cli.setExecutionExceptionHandler(oneLineErrors(trace, ServeMain::describe));
        return cli.execute(args);
    }

    /**
     * The execution-error handler of both command lines ({@code recon} and the serving image's): exit status 1
     * and one line, {@code recon: error: } and what {@code describe} says; the stack trace first with --stacktrace.
     */
    public static CommandLine.IExecutionExceptionHandler oneLineErrors(boolean trace,
            java.util.function.Function<Throwable, String> describe) {
        return (e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            if (trace) {
                e.printStackTrace(err);
            }
            err.println("recon: error: " + describe.apply(e));
            err.flush();
            return 1;
        };
    }

    /** One line for the errors users cause (settings, models, files); the type too for anything else. */
    public static String describe(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof ModelLoadException || e instanceof SchemaException
                || e instanceof ServeFailedException || e instanceof KafkaReach.UnreachableException) {
            return e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException ade) {
            return ade.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse) {
            return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName());
        }
        if (e instanceof java.io.IOException) {
            return "I/O failure: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
                + " (re-run with --stacktrace and report it)";
    }
}
