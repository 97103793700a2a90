package io.plumbline.serving;

import io.micronaut.runtime.Micronaut;
import io.plumbline.model.signing.SignCommand;
import java.util.List;

/** Starts the serving application. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("sign")) {
            // A command-line tool, not the server: no Micronaut context, no models loaded.
            System.exit(new SignCommand().run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
