package io.plumbline.monitor.page;

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

/**
 * {@code GET /drift}: the first (model, version) with a closed window, by name, and links to the others;
 * {@code GET /drift/{model}/{version}}: that version's latest closed window. The {@code model} path
 * variable lets serving's security check per-model {@code read} scopes. Rendering (a few milliseconds
 * for a hundred features) runs off the event loop, which serving's inference path shares.
 */
@Controller("/drift")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DriftPageController {
    private final LatestWindows latest;
    private final LivePage page;

    DriftPageController(MonitorCore core) {
        this.latest = core.handler().latest();
        this.page = new LivePage(core.analyzer().settings(), core.window().size());
    }

    @Get(produces = MediaType.TEXT_HTML)
    String first() {
        List<WindowResult> all = latest.all();
        return all.isEmpty() ? page.empty("No drift window has closed yet.") : page.render(all.get(0), all);
    }

    @Get(uri = "/{model}/{version}", produces = MediaType.TEXT_HTML)
    HttpResponse<String> version(@PathVariable String model, @PathVariable String version) {
        return latest.get(model, version)
                .map(r -> HttpResponse.ok(page.render(r, latest.all())))
                .orElseGet(() -> HttpResponse.<String>notFound(page.empty("No drift window of " + model + " version "
                        + version + " has closed yet.")).contentType(MediaType.TEXT_HTML_TYPE));
    }
}
