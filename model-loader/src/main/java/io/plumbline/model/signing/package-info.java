/**
 * Signed model versions: a signature over a version's {@code SHA256SUMS} ({@code SHA256SUMS.sig}),
 * checked against trusted ECDSA P-256 or Ed25519 public keys in PEM before the version loads, and
 * the {@code sign} command that writes it. SHA256SUMS binds the files; the signature binds
 * SHA256SUMS to a key. Only JDK cryptography: no provider to install, the keys a team already has.
 */
package io.plumbline.model.signing;
