/** Typed configuration records and the factories that wire the plain-Java core into Micronaut. */
package io.plumbline.serving.config;
