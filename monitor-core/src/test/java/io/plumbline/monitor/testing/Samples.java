package io.plumbline.monitor.testing;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.window.NumericWindow;
import java.util.SplittableRandom;

/** Seeded test distributions and one-feature profiles and windows built from them. */
public final class Samples {
    private Samples() {
    }

    public static double[] normal(SplittableRandom random, int n, double mean, double std) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + std * random.nextGaussian();
        }
        return x;
    }

    /** Standard Cauchy: heavy tails, no mean. */
    public static double[] cauchy(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.tan(Math.PI * (random.nextDouble() - 0.5));
        }
        return x;
    }

    /** Student t with {@code df} degrees of freedom, as Z / sqrt(chi2(df) / df). */
    public static double[] studentT(SplittableRandom random, int n, int df) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double chi2 = 0;
            for (int k = 0; k < df; k++) {
                double z = random.nextGaussian();
                chi2 += z * z;
            }
            x[i] = random.nextGaussian() / Math.sqrt(chi2 / df);
        }
        return x;
    }

    /** Discrete with atoms: 40% exactly 0, 20% exactly 1, the rest integers 2..9 uniformly. */
    public static double[] atoms(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            x[i] = u < 0.4 ? 0 : u < 0.6 ? 1 : 2 + random.nextInt(8);
        }
        return x;
    }

    public static ReferenceProfile profile(double[] reference, int bins) {
        return ProfileBuilder.ofValues("x", reference, ProfileOptions.defaults().withBins(bins));
    }

    public static FeatureProfile feature(ReferenceProfile profile) {
        return profile.features().get(0);
    }

    public static NumericSummary summary(ReferenceProfile profile) {
        return feature(profile).numeric();
    }

    public static NumericWindow window(ReferenceProfile profile, double[] current) {
        NumericWindow w = new NumericWindow("x", summary(profile));
        for (double v : current) {
            w.add(v);
        }
        return w;
    }
}
