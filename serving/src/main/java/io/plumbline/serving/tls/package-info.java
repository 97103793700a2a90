/**
 * TLS for the REST and gRPC servers from PEM files ({@code plumbline.tls.*}), optionally with
 * client certificates (mTLS), reloaded when the files change. One {@link
 * io.plumbline.serving.tls.TlsCertificateProvider} reads the files; Micronaut's HTTP server takes
 * its key stores by name, the gRPC server reads the same material through reloading key and
 * trust managers. Who a verified client certificate is stays with the security layer: REST has it
 * in {@code HttpRequest.getCertificate()}, gRPC in {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}.
 */
package io.plumbline.serving.tls;
