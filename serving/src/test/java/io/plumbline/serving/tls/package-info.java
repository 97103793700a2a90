/** TLS tests: real handshakes against the running server with certificates the tests create with openssl. */
package io.plumbline.serving.tls;
