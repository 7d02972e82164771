package io.recon.bench;

import java.time.Duration;

/**
 * One streams app's run over the benchmark input, watched from outside: {@code steadyRps}, records/s
 * from the moment the app is RUNNING (every task restored and processing) to its last record;
 * {@code overallRps}, from its first output record to the last (start-up included); {@code startupMs},
 * from the first output record until RUNNING; and, over the steady window, the CPU time per record of
 * the app's own threads ({@code threadCpuUs}) and of the whole process ({@code processCpuUs}: broker,
 * client I/O threads, JIT and GC included).
 */
record AppRun(double steadyRps, double overallRps, double startupMs, double threadCpuUs, double processCpuUs,
        java.util.Map<String, Double> cpuByThreadGroup) {

    /** CPU time (ns) of the whole process so far: broker, clients, apps, JIT and GC. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time (ns) used so far by an application's own threads: its stream threads and, for the scorer, its
     * scoring threads (not the clients' network I/O threads, nor the broker).
     */
    static long appThreadCpuNanos(String applicationId) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            String name = t == null ? "" : t.getThreadName();
            boolean streamThread = name.startsWith(applicationId + "-") && name.contains("-StreamThread-") && !name.contains("producer");
            // the scorer's scoring threads (one service runs at a time here) do its parsing and inference
            if (streamThread || name.startsWith("recon-scoring-")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    /** Watches an app's output count every millisecond until it reaches {@code records}. */
    static AppRun await(int records, java.util.function.LongSupplier count, java.util.function.BooleanSupplier running,
            java.util.function.LongSupplier threadCpu, String applicationId) throws InterruptedException {
        java.util.Map<String, Long> groups0 = java.util.Map.of();
        long threadCpu0 = 0;
        long processCpu0 = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long first = 0;
        long steadyFrom = 0;
        long steadyCount = 0;
        long c;
        while ((c = count.getAsLong()) < records && System.nanoTime() < deadline) {
            if (c > 0 && first == 0) {
                first = System.nanoTime();
            }
            if (c > 0 && steadyFrom == 0 && running.getAsBoolean()) {
                steadyFrom = System.nanoTime();
                steadyCount = count.getAsLong();
                threadCpu0 = threadCpu.getAsLong();
                processCpu0 = processCpuNanos();
                groups0 = ThreadCpu.snapshot(applicationId);
            }
            Thread.sleep(1);
        }
        long end = System.nanoTime();
        long threadCpu1 = threadCpu.getAsLong();
        long processCpu1 = processCpuNanos();
        java.util.Map<String, Long> groups1 = ThreadCpu.snapshot(applicationId);
        if (c < records) {
            throw new IllegalStateException("only " + c + " of " + records + " records processed");
        }
        if (first == 0) {
            first = end;
        }
        if (steadyFrom == 0 || records - steadyCount < records / 2) {
            // did not see it RUNNING with at least half the input still to go: no steady state to speak of
            steadyFrom = first;
            steadyCount = 0;
            threadCpu0 = 0;
            processCpu0 = processCpu1; // unknown: no steady window
            groups0 = groups1;
        }
        double steadyRecords = records - steadyCount;
        return new AppRun((records - steadyCount) / ((end - steadyFrom) / 1e9), records / ((end - first) / 1e9),
                (steadyFrom - first) / 1e6, (threadCpu1 - threadCpu0) / 1e3 / steadyRecords,
                processCpu1 == processCpu0 ? Double.NaN : (processCpu1 - processCpu0) / 1e3 / steadyRecords,
                ThreadCpu.perRecord(groups0, groups1, steadyRecords));
    }
}
