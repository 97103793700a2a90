/**
 * Who may call what: one policy ({@link io.plumbline.serving.security.Authorizer}) for REST (an HTTP
 * server filter) and gRPC (a server interceptor). Callers are API keys from a reloaded key file,
 * bearer JWTs checked against a JWKS, or client-certificate subjects; each has scopes per API group
 * ({@code infer}, {@code read}, {@code admin}, {@code probe}, {@code metrics}) and, for keys, an
 * optional request rate. Also the {@code keys add} command that creates keys.
 */
package io.plumbline.serving.security;
