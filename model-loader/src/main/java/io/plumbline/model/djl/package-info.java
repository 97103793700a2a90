/**
 * The DJL engine: models that are not plain ONNX files (XGBoost, DJL's ONNX Runtime, PyTorch...)
 * load through DJL {@code Criteria} from the version directory, always offline. DJL models do not
 * describe their tensors, so the signature comes from {@code model.yaml}.
 */
package io.plumbline.model.djl;
