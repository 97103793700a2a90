package io.plumbline.monitor.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Rows of a table as text cells aligned to {@link #header()}; absent cells are null. */
public interface TableReader extends Closeable {

    List<String> header();

    /** The next row (length = header size), or null at the end. */
    String[] next() throws IOException;

    /** Rows skipped or patched because they did not fit the header (wrong cell count, bad JSON). */
    long malformedRows();
}
