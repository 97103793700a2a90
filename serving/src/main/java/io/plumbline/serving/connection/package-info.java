/**
 * What an HTTP connection may cost the server before it has sent a request worth answering: the
 * header and body deadlines for slow clients, the connection cap, and the 414/431 answers for an
 * oversized request line or header block. Netty handlers, installed into each connection's pipeline
 * by {@link io.plumbline.serving.connection.ConnectionGuards}; nothing here reads a body.
 */
package io.plumbline.serving.connection;
