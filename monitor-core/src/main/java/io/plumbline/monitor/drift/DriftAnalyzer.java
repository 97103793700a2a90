package io.plumbline.monitor.drift;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes every statistic for every feature of a window and reaches verdicts.
 *
 * <p>Numeric features get KS, PSI and Wasserstein; categorical features (and classifier label outputs)
 * chi-square and Jensen-Shannon. A feature whose window holds fewer than
 * {@link DriftSettings#minCount()} usable values still gets its statistics (where computable) but every
 * verdict is {@link Verdict#INSUFFICIENT_DATA}; an empty window gives NaN statistics. The p-value tests
 * are corrected across the features of the window, per method; the threshold rules (PSI, Wasserstein,
 * Jensen-Shannon) are effect sizes and are not. The feature's verdict is that of its primary method.
 *
 * <p>Thread-safe: holds only settings and a stateless {@link KolmogorovSmirnov}.
 */
public final class DriftAnalyzer {
    private final DriftSettings settings;
    private final KolmogorovSmirnov ks = new KolmogorovSmirnov();

    public DriftAnalyzer(DriftSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings are required (DriftSettings.defaults())");
        }
        this.settings = settings;
    }

    public DriftSettings settings() {
        return settings;
    }

    /** All features of a window, with the correction across features applied. */
    public DriftReport analyze(DriftWindow window) {
        List<FeatureDrift> features = new ArrayList<>();
        for (FeatureProfile reference : window.profile().features()) {
            features.add(analyze(reference, window.feature(reference.name())));
        }
        for (Method method : new Method[] {Method.KS, Method.CHI_SQUARE}) {
            features = correct(features, method);
        }
        return new DriftReport(window.rows(), settings.alpha(), settings.correction(), features);
    }

    /** One feature on its own (no correction). */
    public FeatureDrift analyze(FeatureProfile reference, FeatureWindow window) {
        if (reference.isNumeric() && window instanceof NumericWindow w) {
            return numeric(reference, w);
        }
        if (!reference.isNumeric() && window instanceof CategoricalWindow w) {
            return categorical(reference, w);
        }
        throw new IllegalArgumentException("window of " + window.name() + " does not match the kind of reference "
                + reference.name());
    }

    private FeatureDrift numeric(FeatureProfile reference, NumericWindow window) {
        NumericSummary summary = reference.numeric();
        long n = reference.count();
        long m = window.count();
        boolean sufficient = n > 0 && m >= settings.minCount();
        List<MethodResult> results = new ArrayList<>(3);

        KolmogorovSmirnov.Statistic d = ks.statistic(summary, window);
        double p = Double.isNaN(d.d()) ? Double.NaN : ks.pValue(d.d(), n, m);
        results.add(new MethodResult(Method.KS, d.d(), d.bound(), p, p, settings.alpha(),
                verdict(sufficient, p < settings.alpha())));

        CoarseBins coarse = CoarseBins.of(summary, settings.coarseBins());
        double psi = PopulationStabilityIndex.of(coarse.mergeReference(summary.counts()), coarse.merge(window.countsCopy()));
        double psiThreshold = settings.psi().threshold(coarse.size(), n, m);
        double psiP = m == 0 ? Double.NaN : PopulationStabilityIndex.pValue(psi, coarse.size(), n, m);
        results.add(new MethodResult(Method.PSI, psi, 0, psiP, psiP, psiThreshold, verdict(sufficient, psi > psiThreshold)));

        Wasserstein.Estimate w = Wasserstein.normalised(summary, window);
        double wThreshold = settings.wassersteinThreshold();
        results.add(new MethodResult(Method.WASSERSTEIN, w.distance(), w.bound(), Double.NaN, Double.NaN, wThreshold,
                verdict(sufficient, w.distance() > wThreshold)));
        return feature(reference, window, 0, settings.numericMethod(), results);
    }

    private FeatureDrift categorical(FeatureProfile reference, CategoricalWindow window) {
        CategoricalSummary summary = reference.categorical();
        long[] ref = new long[summary.categories().size() + 1];
        int i = 0;
        for (long c : summary.categories().values()) {
            ref[i++] = c;
        }
        ref[i] = summary.other();
        long[] cur = window.countsCopy();
        boolean sufficient = reference.count() > 0 && window.count() >= settings.minCount();
        List<MethodResult> results = new ArrayList<>(2);

        ChiSquareHomogeneity.Result chi = ChiSquareHomogeneity.test(ref, cur);
        results.add(new MethodResult(Method.CHI_SQUARE, chi.statistic(), 0, chi.pValue(), chi.pValue(), settings.alpha(),
                verdict(sufficient, chi.pValue() < settings.alpha())));

        double js = JensenShannon.distance(ref, cur);
        double jsThreshold = settings.jensenShannonThreshold();
        results.add(new MethodResult(Method.JENSEN_SHANNON, js, 0, Double.NaN, Double.NaN, jsThreshold,
                verdict(sufficient, js > jsThreshold)));
        return feature(reference, window, window.unseen(), settings.categoricalMethod(), results);
    }

    private static FeatureDrift feature(FeatureProfile reference, FeatureWindow window, long unseen, Method primary,
            List<MethodResult> results) {
        Verdict verdict = results.stream().filter(r -> r.method() == primary).findFirst().orElseThrow().verdict();
        return new FeatureDrift(reference.name(), reference.role(), reference.isNumeric(), reference.count(),
                window.count(), window.missing(), window.invalid(), unseen, primary, verdict, results);
    }

    private static Verdict verdict(boolean sufficient, boolean drift) {
        if (!sufficient) {
            return Verdict.INSUFFICIENT_DATA;
        }
        return drift ? Verdict.DRIFT : Verdict.NO_DRIFT;
    }

    /** Replaces the {@code method} results with corrected ones; features without a verdict are left out. */
    private List<FeatureDrift> correct(List<FeatureDrift> features, Method method) {
        double[] p = new double[features.size()];
        for (int f = 0; f < p.length; f++) {
            p[f] = Double.NaN;
            for (MethodResult r : features.get(f).results()) {
                if (r.method() == method && r.verdict() != Verdict.INSUFFICIENT_DATA) {
                    p[f] = r.pValue();
                }
            }
        }
        double[] adjusted = settings.correction().adjust(p);
        List<FeatureDrift> out = new ArrayList<>(features.size());
        for (int f = 0; f < p.length; f++) {
            FeatureDrift feature = features.get(f);
            if (Double.isNaN(p[f])) {
                out.add(feature);
                continue;
            }
            List<MethodResult> results = new ArrayList<>();
            for (MethodResult r : feature.results()) {
                results.add(r.method() == method ? r.adjusted(adjusted[f]) : r);
            }
            out.add(feature.withResults(results));
        }
        return out;
    }
}
