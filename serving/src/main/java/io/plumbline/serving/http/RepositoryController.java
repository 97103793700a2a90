package io.plumbline.serving.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.plumbline.model.InvalidNameException;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.VersionState;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.Status;
import java.util.List;
import java.util.Map;

/** The V2 model repository extension, as Triton implements it. Loading runs off the event loop. */
@Controller("/v2/repository")
@ExecuteOn(TaskExecutors.BLOCKING)
final class RepositoryController {
    private final ModelCatalog catalog;

    RepositoryController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Post(uri = "/index", consumes = MediaType.ALL)
    List<Metadata.IndexEntry> index() {
        return catalog.index().stream().map(s -> new Metadata.IndexEntry(s.model(),
                s.versionLabel(), s.state(), s.reason())).toList();
    }

    @Post(uri = "/models/{model}/load", consumes = MediaType.ALL)
    HttpResponse<Map<String, String>> load(@PathVariable String model) {
        try {
            if (!catalog.load(model)) {
                String reason = catalog.index().stream().filter(s -> s.model().equals(model)
                        && s.state().equals(VersionState.UNAVAILABLE)).map(VersionState::reason).findFirst()
                        .orElse("no version could be loaded");
                throw new InferenceException(Status.INVALID_ARGUMENT, "failed to load '" + model + "': " + reason);
            }
            return HttpResponse.status(HttpStatus.OK).body(Map.of());
        } catch (InvalidNameException e) {
            throw InferenceException.invalid(e.getMessage());
        } catch (ModelLoadException e) {
            throw new InferenceException(Status.NOT_FOUND, "failed to load '" + model + "': " + e.getMessage());
        }
    }

    @Post(uri = "/models/{model}/unload", consumes = MediaType.ALL)
    HttpResponse<Map<String, String>> unload(@PathVariable String model) {
        try {
            if (!catalog.unload(model)) {
                throw new InferenceException(Status.NOT_FOUND, "model '" + model + "' is not loaded");
            }
            return HttpResponse.status(HttpStatus.OK).body(Map.of());
        } catch (InvalidNameException e) {
            throw InferenceException.invalid(e.getMessage());
        }
    }
}
