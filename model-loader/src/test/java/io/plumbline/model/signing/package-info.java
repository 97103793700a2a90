/** Tests of signed versions: keys, the verifier's rules, the sign command. */
package io.plumbline.model.signing;
