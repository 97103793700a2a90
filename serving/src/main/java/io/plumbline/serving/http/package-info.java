/**
 * The V2 REST endpoints (Micronaut controllers), their error responses, and the direct infer route
 * that answers plain HTTP/1.1 infer calls in the Netty pipeline, before Micronaut's router, with the
 * same gate, codec, inference service and error body (serving/HTTP.md).
 */
package io.plumbline.serving.http;
