package io.plumbline.model.s3;

import java.util.List;

/**
 * One listing below a key prefix.
 *
 * @param objects the objects directly below it (all below it when listed without a delimiter)
 * @param folders the next path segment of each common prefix (delimited listings only)
 */
record S3Listing(List<Entry> objects, List<String> folders) {

    S3Listing {
        objects = List.copyOf(objects);
        folders = List.copyOf(folders);
    }

    boolean isEmpty() {
        return objects.isEmpty() && folders.isEmpty();
    }

    /**
     * An object, named relative to the listed prefix.
     *
     * @param relative the key below the listed prefix, e.g. {@code model.onnx} or {@code sub/file}
     * @param key the full object key
     * @param eTag the object's ETag as S3 reports it (quoted), the cache key
     */
    record Entry(String relative, String key, String eTag, long size) {
    }
}
