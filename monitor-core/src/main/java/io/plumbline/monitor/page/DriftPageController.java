package io.plumbline.monitor.page;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.plumbline.monitor.result.LatestWindows;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.result.WindowResult;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /drift}: the first (model, version) with a closed window, by name, and links to the others;
 * {@code GET /drift/{model}/{version}}: that version's latest closed window. Before any window, the page
 * says none has closed yet, or, where the application says the monitor runs elsewhere
 * ({@link DriftElsewhere}: serving with its events going to Kafka), where to look instead. The {@code model} path
 * variable lets serving's security check per-model {@code read} scopes. Rendering (a few milliseconds
 * for a hundred features) runs off the event loop, which serving's inference path shares.
 *
 * <p>The monitor is looked up only when this process runs one (no {@link DriftElsewhere} note): in a serving
 * instance without a monitor, creating it just to say "not here" would register the monitor's meters at 0,
 * which reads as "monitored, nothing arrived".
 */
@Controller("/drift")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DriftPageController {
    private final BeanProvider<MonitorCore> core;
    private final Optional<String> elsewhere;
    private volatile Shown shown;

    DriftPageController(BeanProvider<MonitorCore> core, @Nullable DriftElsewhere elsewhere) {
        this.core = core;
        this.elsewhere = elsewhere == null ? Optional.empty() : elsewhere.note();
    }

    /** The monitor's latest windows and the page that renders them, made on the first request that needs them. */
    private record Shown(LatestWindows latest, LivePage page) {
    }

    private Optional<Shown> shown() {
        if (elsewhere.isPresent()) {
            return Optional.empty();
        }
        Shown s = shown;
        if (s == null) {
            MonitorCore c = core.get();
            s = new Shown(c.handler().latest(), new LivePage(c.analyzer().settings(), c.window().size()));
            shown = s;
        }
        return Optional.of(s);
    }

    @Get(produces = MediaType.TEXT_HTML)
    String first() {
        return shown().map(s -> {
            List<WindowResult> all = s.latest().all();
            return all.isEmpty() ? s.page().empty("No drift window has closed yet.") : s.page().render(all.get(0), all);
        }).orElseGet(() -> LivePage.elsewhere(elsewhere.orElseThrow()));
    }

    @Get(uri = "/{model}/{version}", produces = MediaType.TEXT_HTML)
    HttpResponse<String> version(@PathVariable String model, @PathVariable String version) {
        Optional<Shown> s = shown();
        if (s.isEmpty()) {
            return HttpResponse.<String>notFound(LivePage.elsewhere(elsewhere.orElseThrow()))
                    .contentType(MediaType.TEXT_HTML_TYPE);
        }
        LatestWindows latest = s.get().latest();
        LivePage page = s.get().page();
        return latest.get(model, version)
                .map(r -> HttpResponse.ok(page.render(r, latest.all())))
                .orElseGet(() -> HttpResponse.<String>notFound(page.empty("No drift window of " + model
                        + " version " + version + " has closed yet.")).contentType(MediaType.TEXT_HTML_TYPE));
    }
}
