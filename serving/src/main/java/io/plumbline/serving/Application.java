package io.plumbline.serving;

import io.plumbline.model.signing.SignCommand;
import io.plumbline.serving.lifecycle.WarmUp;
import io.plumbline.serving.onboard.ModelsCommand;
import io.plumbline.serving.security.KeysCommand;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the serving application, or runs a command ({@code keys add ...}, {@code sign ...}) without
 * starting it: no Micronaut context, no models loaded; {@code warm-up} starts it, sends each model a request
 * and exits (the training run of a class-data archive, {@link WarmUp}).
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        switch (args.length == 0 ? "" : args[0]) {
            case "keys" -> System.exit(KeysCommand.run(rest, System.out, System.err));
            case "sign" -> System.exit(new SignCommand().run(rest, System.out, System.err));
            case "models" -> System.exit(ModelsCommand.run(rest, System.out, System.err));
            case "warm-up" -> System.exit(WarmUp.run(rest, () -> launcher(new String[0]).start(), System.out,
                    System.err));
            default -> launcher(args).start();
        }
    }

    private static OneLineConfigErrors launcher(String[] args) {
        return (OneLineConfigErrors) new OneLineConfigErrors().args(args).mainClass(Application.class).banner(false);
    }

    /**
     * A configuration the service refuses (a {@link io.micronaut.context.exceptions.ConfigurationException},
     * such as the {@link io.plumbline.monitor.config.ConfigValueException} of a bad value, anywhere in the
     * cause chain) ends the start with its message on one line and exit code 1: the operator needs the key
     * to fix, not a stack trace. The same launcher starts {@code plumbline-monitor.jar run}.
     */
    private static final class OneLineConfigErrors extends io.plumbline.monitor.config.ConfigErrors {
        OneLineConfigErrors() {
            super(Application.class);
        }
    }
}
