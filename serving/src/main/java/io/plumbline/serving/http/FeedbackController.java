package io.plumbline.serving.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.TensorSpec;
import io.plumbline.serving.events.EventSink;
import io.plumbline.serving.events.SinkKind;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Status;
import io.plumbline.serving.v2.FeedbackJson;
import java.time.Clock;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code POST /v2/models/{model}/feedback}: ground truth for earlier predictions, named by their request
 * id, handed to the event sink (Kafka topic {@code plumbline.feedback}, or the embedded monitor's
 * feedback queue). 202 {@code {"accepted": n}} once every record is taken; 400 naming the field of the
 * first defect (nothing is taken then); 404 for an unknown model; 503 when the sink is {@code none} or
 * could not take some records at once (full, or Kafka not connected yet), naming them.
 *
 * <p>Labels are checked against the manifest of the version the model name routes to now: its first
 * output with {@code labels} makes it a classifier, no such output a regressor. Authorized as
 * {@code infer} (see RestRoutes): a client that may ask for predictions may say how they turned out.
 */
@Controller("/v2")
final class FeedbackController {
    /** Indexes of records not taken that a 503 names; the count is always given. */
    private static final int MAX_NAMED = 10;

    private final InferenceService inference;
    private final EventSink sink;
    private final FeedbackJson json;
    private final Clock clock = Clock.systemUTC();

    FeedbackController(InferenceService inference, EventSink sink, InputLimits limits) {
        this.inference = inference;
        this.sink = sink;
        this.json = new FeedbackJson(limits);
    }

    @Serdeable
    record Accepted(int accepted) {
    }

    @Post(uri = "/models/{model}/feedback", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Accepted> feedback(@PathVariable String model, @Nullable @Body byte[] body) {
        LoadedModel m = inference.resolve(model, null);
        if (sink.kind() == SinkKind.NONE) {
            throw new InferenceException(Status.UNAVAILABLE, "feedback is not recorded: the event sink is none "
                    + "(plumbline.events.sink); set it to kafka or embedded");
        }
        List<FeedbackRecord> records = json.decode(body == null ? new byte[0] : body, truth(m), clock.instant());
        StringJoiner missed = new StringJoiner(", ");
        int notTaken = 0;
        for (int i = 0; i < records.size(); i++) {
            if (!sink.offerFeedback(records.get(i))) {
                if (++notTaken <= MAX_NAMED) {
                    missed.add(records.size() == 1 ? "the record" : "feedback[" + i + "]");
                }
            }
        }
        if (notTaken > 0) {
            throw new InferenceException(Status.UNAVAILABLE, notTaken + " of " + records.size() + " feedback "
                    + "record(s) could not be queued (" + missed + (notTaken > MAX_NAMED ? ", ..." : "")
                    + "): the event sink is full or not yet connected; send them again later");
        }
        return HttpResponse.<Accepted>status(HttpStatus.ACCEPTED).body(new Accepted(records.size()));
    }

    private static FeedbackJson.Truth truth(LoadedModel m) {
        for (TensorSpec out : m.signature().outputs()) {
            if (!out.labels().isEmpty()) {
                return new FeedbackJson.Truth(m.name(), out.name(), out.labels());
            }
        }
        return new FeedbackJson.Truth(m.name(), null, List.of());
    }
}
