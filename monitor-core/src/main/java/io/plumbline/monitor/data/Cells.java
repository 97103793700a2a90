package io.plumbline.monitor.data;

/**
 * How a text cell reads as a number. Accepts what {@link Double#parseDouble} accepts minus Java's
 * type suffixes ({@code 1d}, {@code 2f}) and hex, plus the spellings pandas and numpy write for
 * non-finite values ({@code nan}, {@code inf}, {@code -inf}, any case), so those count as non-finite
 * numbers rather than turning a numeric column into a categorical one.
 */
public final class Cells {
    private Cells() {
    }

    /** True for null or blank cells. */
    public static boolean isMissing(String cell) {
        return cell == null || cell.isBlank();
    }

    /** The cell as a double, or {@code null} when it is missing or not a number. */
    public static Double parse(String cell) {
        if (isMissing(cell)) {
            return null;
        }
        String s = cell.strip();
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char last = lower.charAt(lower.length() - 1);
        if (!(Character.isDigit(last) || last == '.') || lower.contains("x")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when the cell is a number (finite or not). */
    public static boolean isNumber(String cell) {
        return parse(cell) != null;
    }
}
