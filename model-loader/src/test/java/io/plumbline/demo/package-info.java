/**
 * The shipped demo model: {@link io.plumbline.demo.WeatherModelTrainer} trains and exports
 * {@code models/weather/1/model.onnx} from {@code data/seattle-weather.csv};
 * {@link io.plumbline.demo.WeatherModelTest} checks the committed file. Test scope, so Tribuo never
 * reaches the service's runtime classpath.
 */
package io.plumbline.demo;
