package io.plumbline.monitor.cli;

import io.plumbline.events.profile.ProfileFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code plumbline-monitor.jar}. Exit codes: {@value #NO_DRIFT} no drift (or no
 * verdict), {@value #DRIFT} drift found in at least one feature, {@value #USAGE} usage or input error.
 */
public final class Main {
    public static final int NO_DRIFT = 0;
    public static final int DRIFT = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage:
              plumbline-monitor.jar profile --data train.csv --out reference-profile.json
                  [--bins 1000] [--top-k 100] [--features a,b] [--categorical c,d] [--outputs score]
                  [--exact-limit 1000000]
              plumbline-monitor.jar report (--reference ref.csv | --profile reference-profile.json)
                  --current cur.csv [--features a,b] [--categorical c,d] [--format text|json]
                  [--alpha 0.05] [--min-count 500] [--correction bonferroni|bh|none]
                  [--psi-threshold auto|0.25] [--numeric-method ks|psi|wasserstein]
                  [--categorical-method chi_square|jensen_shannon] [--bins 1000]
            data files: CSV with a header row, or JSON lines (.jsonl, .ndjson, .json)
            exit codes: 0 no drift, 1 drift found, 2 usage or input error
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code instead of exiting, for tests and embedding. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : NO_DRIFT;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "profile" -> new ProfileCommand().run(rest, out, err);
                case "report" -> new ReportCommand().run(rest, out, err);
                default -> throw new UsageException("unknown command '" + args[0] + "'; use profile or report");
            };
        } catch (UsageException | IllegalArgumentException | ProfileFormatException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IOException e) {
            err.println("error: " + e.getMessage() + " (check the file path and that the file is readable)");
            return USAGE;
        }
    }
}
