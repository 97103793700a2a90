package io.plumbline.model;

/** Told when versions start and stop serving, e.g. to attach batchers, keep gauges and publish profiles. */
public interface CatalogListener {
    /**
     * A version loaded and is about to serve: called before any request can resolve it, so what
     * is set up here is in place for its first request. The same version number may still be
     * serving its previous files at this moment (a reload).
     */
    default void loaded(LoadedModel model) {
    }

    /** A version no longer routes requests; those that hold it still finish on it. */
    default void unloaded(LoadedModel model) {
    }

    default void failed(String model, long version, String reason) {
    }
}
