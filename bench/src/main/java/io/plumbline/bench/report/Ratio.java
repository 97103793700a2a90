package io.plumbline.bench.report;

/**
 * A measured value against its goal.
 *
 * @param name what is compared, e.g. {@code REST JSON / health/live, c=32}
 * @param value the measured value
 * @param unit {@code x} for ratios, {@code us}, {@code M values/s}, {@code ms}, {@code bytes}, {@code events}
 * @param goal the goal's bound, or NaN when the value is reported without a goal
 * @param atLeast true when the value must be at least {@code goal}, false when at most
 */
public record Ratio(String name, double value, String unit, double goal, boolean atLeast, String spread) {

    public Ratio(String name, double value, String unit, double goal, boolean atLeast) {
        this(name, value, unit, goal, atLeast, "");
    }

    /** The median of interleaved rounds' ratios, with their spread beside it. */
    public static Ratio atLeast(String name, RoundRatio r, double goal) {
        return new Ratio(name, r.median(), "x", goal, true, r.spread());
    }

    public static Ratio atMost(String name, RoundRatio r, double goal) {
        return new Ratio(name, r.median(), "x", goal, false, r.spread());
    }

    public static Ratio info(String name, RoundRatio r) {
        return new Ratio(name, r.median(), "x", Double.NaN, true, r.spread());
    }

    public static Ratio atLeast(String name, double value, String unit, double goal) {
        return new Ratio(name, value, unit, goal, true);
    }

    public static Ratio atMost(String name, double value, String unit, double goal) {
        return new Ratio(name, value, unit, goal, false);
    }

    public static Ratio info(String name, double value, String unit) {
        return new Ratio(name, value, unit, Double.NaN, true);
    }

    public boolean hasGoal() {
        return !Double.isNaN(goal);
    }

    public boolean pass() {
        return hasGoal() && !Double.isNaN(value) && (atLeast ? value >= goal : value <= goal);
    }

    public String goalText() {
        return hasGoal() ? (atLeast ? ">= " : "<= ") + format(goal) : "-";
    }

    public String result() {
        if (!hasGoal()) {
            return "(reported)";
        }
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return pass() ? "PASS" : "MISS";
    }

    /** For a miss: by how much, in the value's unit and relative to the goal. */
    public String shortfall() {
        double gap = atLeast ? goal - value : value - goal;
        if (goal == 0) {
            return String.format("%s by %s", atLeast ? "short" : "over", format(gap));
        }
        return String.format("%s by %s (%.0f%% of the goal)", atLeast ? "short" : "over", format(gap),
                100 * gap / goal);
    }

    public String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return switch (unit) {
            case "x" -> String.format("%.2f", v);
            case "us" -> String.format("%.0f us", v);
            case "ms" -> String.format("%.2f ms", v);
            case "bytes" -> String.format("%,.0f bytes", v);
            case "events" -> String.format("%,.0f events", v);
            case "events/s" -> String.format("%,.0f events/s", v);
            default -> String.format("%.1f %s", v, unit);
        };
    }
}
