package io.plumbline.monitor.cli;

import io.plumbline.events.profile.ProfileFormatException;
import io.plumbline.monitor.app.MonitorApp;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code plumbline-monitor.jar}. Exit codes: {@value #NO_DRIFT} no drift,
 * {@value #DRIFT} drift found in at least one feature, {@value #USAGE} usage or input error,
 * {@value #INCOMPLETE} no drift found but the report is incomplete (no feature reached a verdict, or
 * reference features are missing from the current data).
 */
public final class Main {
    public static final int NO_DRIFT = 0;
    public static final int DRIFT = 1;
    public static final int USAGE = 2;
    public static final int INCOMPLETE = 3;

    static final String USAGE_TEXT = """
            usage:
              plumbline-monitor.jar run
                  the monitor service: Kafka Streams over plumbline.predictions, /prometheus and /health on
                  port 8082; configured by plumbline.monitor.* (environment: PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS, ...)
              plumbline-monitor.jar profile --data train.csv --out reference-profile.json
                  [--bins 1000] [--top-k 100] [--features a,b] [--categorical c,d] [--outputs score]
                  [--exact-limit 1000000] [--label y --probabilities a,b,c] (label column; probability
                  columns named after their classes: fits the calibration map of estimated performance)
              plumbline-monitor.jar report (--reference ref.csv | --profile reference-profile.json)
                  --current cur.csv [--features a,b] [--categorical c,d] [--format text|json|html]
                  [--out report.html] (html: one self-contained page; without --out it goes to stdout)
                  [--alpha 0.05] [--min-count 500] [--correction bonferroni|bh|none]
                  [--psi-threshold auto|0.25] [--numeric-method ks|psi|wasserstein]
                  [--categorical-method chi_square|jensen_shannon] [--bins 1000] [--allow-incomplete]
                  [--labels y] (label column: realised performance when cur.csv has the model's outputs;
                  the profile's label column is used when present; a calibration map adds estimated performance)
                  [--time-column date [--window 1d]] (drift per feature per time window: 1d, 7d, 2w, 1h, 30m;
                  times are ISO-8601 dates or date-times, or epoch seconds or milliseconds)
              plumbline-monitor.jar replay --url http://localhost:8080 --model weather --data file.csv
                  [--version 1] [--batch 1] [--rate 100] [--shuffle 1] [--drift feature:shift:after]
                  sends the rows through the V2 REST API (FP32, in the manifest's feature order);
                  --shuffle SEED: in an order fixed by the seed instead of the file's
            data files: CSV with a header row, or JSON lines (.jsonl, .ndjson, .json)
            exit codes: 0 no drift, 1 drift found, 2 usage or input error,
              3 report incomplete (no feature reached a verdict, or reference features missing from the
                current data; --allow-incomplete turns this into 0)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 1 && isHelp(args[1])) {
            // "run --help" must not start the service; any "<command> --help" prints the usage.
            System.out.print(USAGE_TEXT);
            System.exit(NO_DRIFT);
            return;
        }
        if (args.length > 0 && args[0].equals("run")) {
            // The service keeps running on its own threads until it is stopped.
            MonitorApp.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code instead of exiting, for tests and embedding. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0]) || args[0].equals("help") || (args.length > 1 && isHelp(args[1]))) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : NO_DRIFT;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "profile" -> new ProfileCommand().run(rest, out, err);
                case "report" -> new ReportCommand().run(rest, out, err);
                case "replay" -> new ReplayCommand().run(rest, out, err);
                default -> throw new UsageException("unknown command '" + args[0] + "'; use profile, report, replay or run");
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

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
