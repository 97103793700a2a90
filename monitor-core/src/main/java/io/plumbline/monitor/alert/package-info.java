/**
 * When a drift verdict becomes an alert: drift must hold for N consecutive windows and alerts for the
 * same (model, feature) respect a cooldown. Pure decisions over explicit instants, plus a small tracker
 * that keeps the state per key and reads time from an injected {@link java.time.Clock}.
 */
package io.plumbline.monitor.alert;
