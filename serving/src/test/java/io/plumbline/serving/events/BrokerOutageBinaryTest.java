package io.plumbline.serving.events;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.plumbline.events.EventFormat;

/** {@link BrokerOutageTest} with {@code plumbline.events.format: binary}. */
@MicronautTest
class BrokerOutageBinaryTest extends BrokerOutageTest {

    @Override
    EventFormat format() {
        return EventFormat.BINARY;
    }
}
