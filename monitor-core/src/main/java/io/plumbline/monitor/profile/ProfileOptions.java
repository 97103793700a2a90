package io.plumbline.monitor.profile;

/**
 * Settings for building a reference profile.
 *
 * @param bins target number of equal-mass bins per numeric feature (at most this many are made)
 * @param topK categories kept per categorical feature; the rest are counted as other
 * @param exactLimit values per numeric feature held for exact quantiles; beyond it a reservoir sample
 *     of this size is kept
 * @param maxDistinct distinct categories tracked per categorical feature while reading; later new
 *     categories are counted as other, so memory stays bounded on ID-like columns
 * @param seed seed of the reservoir sample, so a profile is reproducible
 */
public record ProfileOptions(int bins, int topK, int exactLimit, int maxDistinct, long seed) {
    public static final int DEFAULT_BINS = 1000;
    public static final int DEFAULT_TOP_K = 100;
    public static final int DEFAULT_EXACT_LIMIT = 1_000_000;
    public static final int DEFAULT_MAX_DISTINCT = 100_000;

    public ProfileOptions {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, was " + topK);
        }
        if (exactLimit < 2) {
            throw new IllegalArgumentException("exactLimit must be >= 2, was " + exactLimit);
        }
        if (maxDistinct < topK) {
            throw new IllegalArgumentException("maxDistinct (" + maxDistinct + ") must be >= topK (" + topK + ")");
        }
    }

    public static ProfileOptions defaults() {
        return new ProfileOptions(DEFAULT_BINS, DEFAULT_TOP_K, DEFAULT_EXACT_LIMIT, DEFAULT_MAX_DISTINCT, 42L);
    }

    public ProfileOptions withBins(int newBins) {
        return new ProfileOptions(newBins, topK, exactLimit, maxDistinct, seed);
    }

    public ProfileOptions withExactLimit(int newLimit) {
        return new ProfileOptions(bins, topK, newLimit, maxDistinct, seed);
    }
}
