package io.plumbline.monitor.cli;

/**
 * {@code --drift feature:shift:after}: from row {@code after} on (0-based, counted over the whole replay),
 * {@code shift} is added to {@code feature}, so a replay can show a monitor drift on cue.
 */
record DriftInjection(String feature, double shift, long after) {
    static final DriftInjection NONE = new DriftInjection("", 0, Long.MAX_VALUE);

    static DriftInjection parse(String spec) throws UsageException {
        String[] parts = spec.split(":");
        if (parts.length != 3 || parts[0].isBlank()) {
            throw new UsageException("replay: --drift must be feature:shift:after (e.g. temp_max:5:1000), was '"
                    + spec + "'");
        }
        try {
            long after = Long.parseLong(parts[2].strip());
            if (after < 0) {
                throw new NumberFormatException();
            }
            return new DriftInjection(parts[0].strip(), Double.parseDouble(parts[1].strip()), after);
        } catch (NumberFormatException e) {
            throw new UsageException("replay: --drift shift must be a number and after a row number >= 0, was '"
                    + spec + "'");
        }
    }

    double apply(String column, long row, double value) {
        return row >= after && column.equals(feature) ? value + shift : value;
    }
}
