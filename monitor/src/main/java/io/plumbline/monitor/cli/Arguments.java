package io.plumbline.monitor.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} options of one command, checked against the names the command accepts, and
 * {@code --name} flags that take no value.
 */
final class Arguments {
    private final String command;
    private final Map<String, String> values = new HashMap<>();

    Arguments(String command, List<String> args, Set<String> allowed) throws UsageException {
        this(command, args, allowed, Set.of());
    }

    Arguments(String command, List<String> args, Set<String> allowed, Set<String> flags) throws UsageException {
        this.command = command;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && flags.contains(arg.substring(2))) {
                name = arg.substring(2);
                value = "true";
            } else if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("--") && i + 1 < args.size()) {
                name = arg.substring(2);
                value = args.get(++i);
            } else {
                throw new UsageException(command + ": expected --option value, got '" + arg + "'");
            }
            if (!allowed.contains(name) && !flags.contains(name)) {
                Set<String> all = new TreeSet<>(allowed);
                all.addAll(flags);
                throw new UsageException(command + ": unknown option --" + name + "; options are --"
                        + String.join(", --", all));
            }
            if (values.put(name, value) != null) {
                throw new UsageException(command + ": --" + name + " given twice");
            }
        }
    }

    /** Whether an option or flag was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    Path path(String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(command + ": --" + name + " is required");
        }
        return Path.of(v);
    }

    /** Comma-separated names, empty when absent. */
    Set<String> names(String name) {
        String v = values.get(name);
        Set<String> names = new LinkedHashSet<>();
        if (v != null) {
            Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(names::add);
        }
        return names;
    }

    double number(String name, double fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number, was '" + v + "'");
        }
    }

    int integer(String name, int fallback) throws UsageException {
        double v = number(name, fallback);
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw new UsageException(command + ": --" + name + " must be a positive whole number, was '"
                    + values.get(name) + "'");
        }
        return (int) v;
    }
}
