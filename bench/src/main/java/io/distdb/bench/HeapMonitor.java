package io.distdb.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the Java heap during a phase: the highest heap use seen (sampled every 10 ms by
 * {@code MemoryMXBean} and, exactly, just before every garbage collection), the highest heap use right after
 * a collection (an upper bound of the live data), collections and their time, and the highest use of
 * direct buffers (memory outside the heap that a Java engine may allocate).
 */
final class HeapMonitor implements AutoCloseable {

    /** The figures of one phase. */
    record Peaks(long heapUsedBytes, long heapAfterGcBytes, long gcCount, long gcMillis, long directBytes) {
    }

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<BufferPoolMXBean> directPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
            .stream().filter(p -> p.getName().equals("direct")).toList();
    private final AtomicLong heapUsed = new AtomicLong();
    private final AtomicLong heapAfterGc = new AtomicLong();
    private final AtomicLong direct = new AtomicLong();
    private final NotificationListener gcListener = this::onGc;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean closed;
    private long gcCountAtStart;
    private long gcMillisAtStart;

    HeapMonitor() {
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(() -> {
            while (!closed) {
                sample();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-monitor");
        sampler.setDaemon(true);
        sampler.start();
        nextPhase();
    }

    /** The figures since the previous call (or since construction); starts the next phase. */
    Peaks nextPhase() {
        sample();
        long count = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        long millis = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        Peaks peaks = new Peaks(heapUsed.getAndSet(0), heapAfterGc.getAndSet(0), count - gcCountAtStart,
                millis - gcMillisAtStart, direct.getAndSet(0));
        gcCountAtStart = count;
        gcMillisAtStart = millis;
        sample();
        return peaks;
    }

    /** The process's peak resident set size (VmHWM) in bytes, or -1 where the OS does not tell. */
    static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private void sample() {
        heapUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        direct.accumulateAndGet(directPools.stream().mapToLong(BufferPoolMXBean::getMemoryUsed).sum(), Math::max);
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        heapUsed.accumulateAndGet(heapBytes(info.getMemoryUsageBeforeGc()), Math::max);
        heapAfterGc.accumulateAndGet(heapBytes(info.getMemoryUsageAfterGc()), Math::max);
    }

    private long heapBytes(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(gcListener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
