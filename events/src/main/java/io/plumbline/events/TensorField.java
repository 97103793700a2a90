package io.plumbline.events;

/**
 * The paths of one event tensor's fields as errors name them ({@code inputs[0].shape[1]}). The readers
 * hand each read the path of what it reads, in case it fails; concatenated anew for every read of every
 * event, those paths took about a tenth of the monitor's stream thread (JFR of
 * {@code plumbline-bench.jar --monitor-only}). The paths of the first tensors of each list are made once.
 */
final class TensorField {
    private static final int CACHED_TENSORS = 16;
    private static final int CACHED_DIMS = 8;
    private static final TensorField[] INPUTS = table("inputs");
    private static final TensorField[] OUTPUTS = table("outputs");

    final String path;
    final String name;
    final String datatype;
    final String shape;
    final String truncated;
    final String data;
    final String summary;
    private final String[] dims = new String[CACHED_DIMS];

    private TensorField(String path) {
        this.path = path;
        this.name = path + ".name";
        this.datatype = path + ".datatype";
        this.shape = path + ".shape";
        this.truncated = path + ".truncated";
        this.data = path + ".data";
        this.summary = path + ".summary";
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape + "[" + i + "]";
        }
    }

    /** The tensor at {@code index} of the event's {@code list} ({@code inputs} or {@code outputs}). */
    static TensorField of(String list, int index) {
        TensorField[] table = "inputs".equals(list) ? INPUTS : "outputs".equals(list) ? OUTPUTS : null;
        return table != null && index < table.length ? table[index] : new TensorField(list + "[" + index + "]");
    }

    /** The path of the shape's dimension {@code i}. */
    String dim(int i) {
        return i < dims.length ? dims[i] : shape + "[" + i + "]";
    }

    private static TensorField[] table(String list) {
        TensorField[] t = new TensorField[CACHED_TENSORS];
        for (int i = 0; i < t.length; i++) {
            t[i] = new TensorField(list + "[" + i + "]");
        }
        return t;
    }
}
