/** The small engine interface (load, describe, run, close) every backend implements. */
package io.plumbline.model.engine;
