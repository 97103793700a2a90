package io.plumbline.serving.onboard;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code plumbline-serving.jar models add NAME --model m.onnx --data ref.csv --features a,b,c}: creates a
 * served and monitored repository entry ({@link ModelAdder}) without starting the server. Exit codes: 0
 * done, 1 failed while working (I/O, the model failed on the data), 2 usage or input the command refuses.
 */
public final class ModelsCommand {
    private ModelsCommand() {
    }

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.println(AddOptions.USAGE);
            return 0;
        }
        if (args.isEmpty() || !args.get(0).equals("add") || args.size() < 2 || args.get(1).startsWith("-")) {
            err.println(AddOptions.USAGE);
            return 2;
        }
        AddOptions options;
        try {
            options = parse(args.get(1), args.subList(2, args.size()));
        } catch (Refusal e) {
            err.println("models add: " + e.getMessage() + "\n" + AddOptions.USAGE);
            return 2;
        }
        try {
            new ModelAdder(options, out, err).add();
            return 0;
        } catch (Refusal e) {
            err.println("models add: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("models add: failed: " + e.getMessage());
            return 1;
        }
    }

    static AddOptions parse(String name, List<String> args) throws Refusal {
        Path model = null;
        Path data = null;
        Path repo = Path.of("models");
        String labelColumn = null;
        Map<String, List<String>> features = new HashMap<>();
        Map<String, List<String>> labels = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new Refusal(option + " needs a value");
            }
            String value = args.get(i + 1);
            switch (option) {
                case "--model" -> model = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--repo" -> repo = Path.of(value);
                case "--features" -> columns(option, value, features);
                case "--labels" -> columns(option, value, labels);
                case "--label-column" -> labelColumn = value.strip();
                default -> throw new Refusal("unknown option " + option);
            }
        }
        if (model == null || data == null || features.isEmpty()) {
            throw new Refusal("--model, --data and --features are required");
        }
        return new AddOptions(name, model, data, repo, features, labels, labelColumn);
    }

    /** {@code [TENSOR=]a,b,c} into {@code into}, refusing a tensor given twice and empty names. */
    private static void columns(String option, String value, Map<String, List<String>> into) throws Refusal {
        int eq = value.indexOf('=');
        String tensor = eq < 0 ? AddOptions.ONLY : value.substring(0, eq).strip();
        List<String> names = Arrays.stream(value.substring(eq + 1).split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new Refusal(option + " '" + value + "' has an empty column name");
        }
        if (into.containsKey(AddOptions.ONLY) || (!into.isEmpty() && tensor.equals(AddOptions.ONLY))) {
            throw new Refusal(option + " is given more than once: write " + option
                    + " TENSOR=COLS for each tensor of a model with several");
        }
        if (into.put(tensor, names) != null) {
            throw new Refusal(option + " names tensor '" + tensor + "' twice");
        }
    }
}
