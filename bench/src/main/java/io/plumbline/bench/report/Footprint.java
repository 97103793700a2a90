package io.plumbline.bench.report;

/**
 * Heap the monitor's state takes, measured in the harness JVM (heap used after GC around many items).
 *
 * @param windowBytes per real 1000-bin numeric feature window
 * @param joinEntryBytes per prediction the embedded monitor keeps for its ground truth
 * @param joinEntries how many entries the join-store measurement held
 * @param joinValueBytes the value each of them held
 */
public record Footprint(double windowBytes, double joinEntryBytes, int joinEntries, int joinValueBytes) {
}
