/** The prediction event and reference profile formats shared by serving and the monitor. */
package io.plumbline.events;
