package io.plumbline.serving.onboard;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code models add} was asked to do.
 *
 * @param features data columns per input tensor, in the tensor's column order; the key is the tensor
 *     name, or {@link #ONLY} when the user gave none (allowed only for a single-input model)
 * @param labels class names per output tensor, keyed the same way
 * @param labelColumn the data column holding the true label, or null: recorded in the profile, and with one
 *     labelled probability output it fits the calibration map of estimated performance (monitor/QUALITY.md)
 */
record AddOptions(String name, Path model, Path data, Path repo, Map<String, List<String>> features,
        Map<String, List<String>> labels, String labelColumn) {
    /** Key of a column list given without {@code TENSOR=}: the model's one input (or output). */
    static final String ONLY = "";

    static final String USAGE = """
            usage: models add NAME --model model.onnx --data reference.csv --features [TENSOR=]COL,COL,...
                                   [--labels [TENSOR=]CLASS,CLASS,...] [--label-column COL] [--repo models]
              Creates <repo>/NAME/model.yaml (on the first version), the next version directory <repo>/NAME/<N>/
              with the model, reference-profile.json (the data's feature columns and the model's own outputs on
              them) and SHA256SUMS; then prints how to serve it.
              --model     an ONNX model file
              --data      CSV with a header row (or JSON lines): every row is reference data, so select the
                          rows beforehand (e.g. the training period)
              --features  the data columns of an input tensor, in the tensor's column order; for a model with
                          several inputs give one --features TENSOR=COLS per input
              --labels    class names of an output's columns (they name its profile columns); TENSOR=... when
                          the model has several outputs
              --label-column  the data column holding the true class: the profile records it and, for a
                          model with one labelled probability output, fits the calibration map that
                          estimated performance reads (labels are class names or indices)
              --repo      the model repository directory (default: models)""";

    AddOptions {
        features = Map.copyOf(features);
        labels = Map.copyOf(labels);
    }
}
