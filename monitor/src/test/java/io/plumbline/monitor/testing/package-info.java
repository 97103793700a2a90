/** Seeded sample generators shared by the monitor tests. */
package io.plumbline.monitor.testing;
