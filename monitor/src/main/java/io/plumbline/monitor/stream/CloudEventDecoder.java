package io.plumbline.monitor.stream;

import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.EventFormatException;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Prediction events in CloudEvents binary mode, with either body: the record's {@code content-type}
 * header picks {@link PredictionEventCodec} (JSON) or {@link BinaryPredictionCodec}, so one topic may
 * hold both while serving's {@code plumbline.events.format} is changed. A record whose {@code ce_type}
 * names another event type, or whose {@code content-type} names neither body, is refused; records
 * without CloudEvents headers (written by other tools) are read as JSON.
 */
public final class CloudEventDecoder implements EventDecoder {
    private final PredictionEventCodec json = new PredictionEventCodec();
    private final BinaryPredictionCodec binary = new BinaryPredictionCodec();

    @Override
    public PredictionEvent decode(String topic, Headers headers, byte[] value) {
        Header type = headers.lastHeader(CloudEventHeaders.TYPE);
        if (type != null) {
            String t = new String(type.value(), StandardCharsets.UTF_8);
            if (!CloudEventHeaders.PREDICTION_TYPE.equals(t)) {
                throw new EventFormatException("header " + CloudEventHeaders.TYPE,
                        "expected '" + CloudEventHeaders.PREDICTION_TYPE + "', got '" + t + "'");
            }
        }
        Header contentType = headers.lastHeader(CloudEventHeaders.CONTENT_TYPE);
        EventFormat format = EventFormat.ofContentType(contentType == null ? null
                : new String(contentType.value(), StandardCharsets.UTF_8));
        return format == EventFormat.BINARY ? binary.decode(value) : json.decode(value);
    }
}
