/**
 * Builds {@link io.plumbline.events.profile.ReferenceProfile}s from reference data: exact quantiles
 * while a feature has at most {@code exactLimit} values, a seeded reservoir sample beyond that (with a
 * second pass over the data so bin counts stay exact), equal-mass edges with atoms in bins of their own,
 * and top-K category counts.
 */
package io.plumbline.monitor.profile;
