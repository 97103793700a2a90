/**
 * Shared by the monitor tests (this module's and, through its test jar, the monitor service's):
 * seeded sample generators and test monitors.
 */
package io.plumbline.monitor.testing;
