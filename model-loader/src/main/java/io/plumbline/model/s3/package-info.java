/**
 * The S3-compatible model repository (AWS S3, MinIO, S3Proxy, Ceph): lists models and versions
 * with delimiter listings and mirrors each version's objects into a local cache keyed by ETag, so
 * the catalog loads from plain directories and a poll downloads only what changed.
 */
package io.plumbline.model.s3;
