package io.distdb.bench.ycsb;

import site.ycsb.measurements.Measurements;

import java.lang.reflect.Field;
import java.util.Properties;

/**
 * Gives the next phase of a long-lived client JVM a measurements object of its own. YCSB 0.17.0 keeps its
 * measurements in a static singleton ({@link Measurements#getMeasurements()}) that it creates once and never
 * replaces, since its client runs one phase per JVM; {@code Measurements.setProperties} only sets the
 * properties of the next one created. So the singleton is cleared by reflection (the field is private and has
 * no setter), and the next {@code getMeasurements()} builds an empty one from the phase's properties.
 *
 * <p>Anything that took the old object keeps it: {@code DBWrapper} and {@code CoreWorkload} take it when they are
 * made, {@code ClientThread} too, so all of them are made afresh for every phase, after this.
 */
final class FreshMeasurements {

    private FreshMeasurements() {
    }

    static void reset(Properties phaseProperties) {
        synchronized (Measurements.class) { // getMeasurements() is static synchronized: the same lock
            Measurements.setProperties(phaseProperties);
            try {
                Field singleton = Measurements.class.getDeclaredField("singleton");
                singleton.setAccessible(true);
                singleton.set(null, null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("YCSB's Measurements has no static field 'singleton': not YCSB 0.17.0?", e);
            }
        }
    }
}
