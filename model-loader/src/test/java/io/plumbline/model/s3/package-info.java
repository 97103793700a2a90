/** Tests of the S3 repository against a real S3-compatible server (S3Proxy) started in-process. */
package io.plumbline.model.s3;
