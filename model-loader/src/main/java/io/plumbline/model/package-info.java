/**
 * The model registry: repositories laid out like Triton's, manifests, version policies, checksums,
 * and the catalog of loaded model versions that serving routes requests to.
 */
package io.plumbline.model;
