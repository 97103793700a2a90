package io.plumbline.model;

/** Told when versions start and stop serving, e.g. to keep gauges and publish profiles. */
public interface CatalogListener {
    default void loaded(LoadedModel model) {
    }

    default void unloaded(LoadedModel model) {
    }

    default void failed(String model, long version, String reason) {
    }
}
