package io.plumbline.monitor.stream;

import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormatException;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Prediction events in CloudEvents binary mode: the JSON body through {@link PredictionEventCodec}. A
 * record whose {@code ce_type} names another event type is refused; records without CloudEvents headers
 * (written by other tools) are read by their body alone.
 */
public final class CloudEventDecoder implements EventDecoder {
    private final PredictionEventCodec codec = new PredictionEventCodec();

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
        return codec.decode(value);
    }
}
