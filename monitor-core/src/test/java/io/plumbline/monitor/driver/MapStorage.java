package io.plumbline.monitor.driver;

import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.WindowCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Window storage in a map of encoded windows, as the Streams store keeps them: what a restart finds. */
final class MapStorage implements WindowStorage {
    private final WindowCodec codec = new WindowCodec();
    final Map<String, byte[]> bytes = new HashMap<>();

    @Override
    public byte[] get(String key) {
        return bytes.get(key);
    }

    @Override
    public void changed(String key, DriftWindow window) {
        bytes.put(key, codec.encode(window));
    }

    @Override
    public void delete(String key) {
        bytes.remove(key);
    }

    @Override
    public void keys(Consumer<String> each) {
        List.copyOf(bytes.keySet()).forEach(each);
    }
}
