/**
 * The versioned JSON reference profile: what the training (or held-out reference) data looked like,
 * per feature and per model output, in the binned form the drift monitor compares live windows with.
 * Records validate themselves, so a profile that parses is a profile the maths can trust.
 */
package io.plumbline.events.profile;
