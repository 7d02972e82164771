package io.recon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and heap allocation of every live Java thread of this process, summed by thread group (the name
 * with the application id, client ids and numbers taken out: "data-plane-kafka-request-handler-#",
 * "&lt;app&gt;-&lt;id&gt;-StreamThread-#"...). What the JVM does outside Java threads (GC, JIT compilers, VM) is
 * the process's CPU time minus their sum. Threads that ended between two snapshots are lost; the benchmark's
 * apps run their threads for the whole measured window.
 */
final class ThreadCpu {
    static final String OUTSIDE = "outside Java threads (GC, JIT, VM)";
    /** Time the JVM reports for garbage collection (pauses and concurrent cycles, ms as ns) and JIT compilation. */
    static final String GC = "  of which GC (collector time, wall)";
    static final String JIT = "  of which JIT (compilation time, wall)";
    /** Prefix of a group's allocated heap bytes in a snapshot (its CPU time is under the plain group name). */
    static final String BYTES = "bytes: ";

    private ThreadCpu() {}

    /** CPU ns and allocated bytes by thread group, and {@link #OUTSIDE} as the process's total CPU ns. */
    static Map<String, Long> snapshot(String applicationId) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long[] bytes = mx instanceof com.sun.management.ThreadMXBean sun ? sun.getThreadAllocatedBytes(ids) : null;
        ThreadInfo[] infos = mx.getThreadInfo(ids);
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null) {
                String g = group(infos[i].getThreadName(), applicationId);
                out.merge(g, Math.max(0, mx.getThreadCpuTime(ids[i])), Long::sum);
                if (bytes != null) {
                    out.merge(BYTES + g, Math.max(0, bytes[i]), Long::sum);
                }
            }
        }
        out.put(OUTSIDE, AppRun.processCpuNanos());
        long gcMs = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        out.put(GC, gcMs * 1_000_000);
        var jit = ManagementFactory.getCompilationMXBean();
        out.put(JIT, jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() * 1_000_000 : 0);
        return out;
    }

    static String group(String name, String applicationId) {
        String n = applicationId == null ? name : name.replace(applicationId, "<app>");
        n = n.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
        return n.replaceAll("\\d+", "#");
    }

    /**
     * Per record between two snapshots: µs of CPU by group, {@link #OUTSIDE} (what the process used beyond its
     * Java threads), and bytes allocated by group (keys starting with {@link #BYTES}).
     */
    static Map<String, Double> perRecord(Map<String, Long> before, Map<String, Long> after, double records) {
        Map<String, Double> out = new HashMap<>();
        long threads = 0;
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (e.getKey().startsWith(BYTES)) {
                out.put(e.getKey(), d / records);
            } else if (e.getKey().equals(GC) || e.getKey().equals(JIT)) {
                out.put(e.getKey(), d / 1e3 / records);
            } else if (!e.getKey().equals(OUTSIDE)) {
                threads += d;
                out.put(e.getKey(), d / 1e3 / records);
            }
        }
        out.put(OUTSIDE, (after.get(OUTSIDE) - before.get(OUTSIDE) - threads) / 1e3 / records);
        return out;
    }

    /** CPU µs of the groups over 0.02 µs, then bytes of the groups over 8 bytes, per record, largest first. */
    static String describe(Map<String, Double> perRecord) {
        StringBuilder sb = new StringBuilder();
        perRecord.entrySet().stream().filter(e -> !e.getKey().startsWith(BYTES) && !e.getKey().equals(GC)
                        && !e.getKey().equals(JIT) && e.getValue() >= 0.02)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> {
                    sb.append(String.format("%n    %6.2f us  %s", e.getValue(), e.getKey()));
                    if (e.getKey().equals(OUTSIDE)) {
                        for (String part : new String[] {GC, JIT}) {
                            if (perRecord.containsKey(part)) {
                                sb.append(String.format("%n    %6.2f us  %s", perRecord.get(part), part));
                            }
                        }
                    }
                });
        perRecord.entrySet().stream().filter(e -> e.getKey().startsWith(BYTES) && e.getValue() >= 8)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format("%n    %6.0f B   allocated by %s", e.getValue(),
                        e.getKey().substring(BYTES.length()))));
        return sb.toString();
    }
}
