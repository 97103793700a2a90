/** Tests of the DJL engine with XGBoost models trained in the test and the demo ONNX model. */
package io.plumbline.model.djl;
