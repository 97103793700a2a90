package io.plumbline.monitor.page;

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
 */
@Controller("/drift")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DriftPageController {
    private final LatestWindows latest;
    private final LivePage page;
    private final Optional<String> elsewhere;

    DriftPageController(MonitorCore core, @Nullable DriftElsewhere elsewhere) {
        this.latest = core.handler().latest();
        this.page = new LivePage(core.analyzer().settings(), core.window().size());
        this.elsewhere = elsewhere == null ? Optional.empty() : elsewhere.note();
    }

    @Get(produces = MediaType.TEXT_HTML)
    String first() {
        List<WindowResult> all = latest.all();
        return all.isEmpty() ? page.empty(elsewhere.orElse("No drift window has closed yet.")) : page.render(all.get(0), all);
    }

    @Get(uri = "/{model}/{version}", produces = MediaType.TEXT_HTML)
    HttpResponse<String> version(@PathVariable String model, @PathVariable String version) {
        return latest.get(model, version)
                .map(r -> HttpResponse.ok(page.render(r, latest.all())))
                .orElseGet(() -> HttpResponse.<String>notFound(page.empty(elsewhere.orElse("No drift window of " + model
                        + " version " + version + " has closed yet."))).contentType(MediaType.TEXT_HTML_TYPE));
    }
}
