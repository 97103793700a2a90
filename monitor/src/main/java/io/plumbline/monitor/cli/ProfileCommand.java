package io.plumbline.monitor.cli;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.profile.ColumnSpec;
import io.plumbline.monitor.profile.DatasetProfiler;
import io.plumbline.monitor.profile.ProfileOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code profile --data train.csv --out reference-profile.json}: builds and writes a reference profile. With
 * {@code --label weather --probabilities drizzle,fog,rain,snow,sun} the profile records the label column and
 * fits a calibration map of the probability columns (named after their classes) against it.
 */
final class ProfileCommand {
    static final Set<String> OPTIONS = Set.of("data", "out", "bins", "top-k", "features", "categorical", "outputs",
            "exact-limit", "label", "probabilities");

    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, IOException {
        Arguments a = new Arguments("profile", args, OPTIONS);
        Path data = a.path("data");
        Path target = a.path("out");
        ReferenceProfile profile = build(a, data, err);
        new ReferenceProfileCodec().write(profile, target);
        out.printf("wrote %s: %d rows, %d features%s%n", target, profile.rows(), profile.features().size(),
                profile.calibration() == null ? ""
                        : ", calibration map fitted on " + profile.calibration().rows() + " labelled rows");
        return Main.NO_DRIFT;
    }

    /** Profiles {@code data} with the column and binning options both commands share. */
    static ReferenceProfile build(Arguments a, Path data, PrintStream progress) throws UsageException, IOException {
        ProfileOptions defaults = ProfileOptions.defaults();
        ProfileOptions options = new ProfileOptions(
                a.integer("bins", defaults.bins()),
                a.integer("top-k", defaults.topK()),
                a.integer("exact-limit", defaults.exactLimit()),
                Math.max(defaults.maxDistinct(), a.integer("top-k", defaults.topK())),
                defaults.seed());
        // A bad combination (probabilities without a label) is an IllegalArgumentException: Main's usage error.
        ColumnSpec spec = new ColumnSpec(List.copyOf(a.names("features")), a.names("categorical"), a.names("outputs"),
                a.text("label", null), List.copyOf(a.names("probabilities")));
        return new DatasetProfiler(options, new Tables(), progress).profile(data, spec);
    }
}
