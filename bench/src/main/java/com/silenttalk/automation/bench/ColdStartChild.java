package com.silenttalk.automation.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fresh JVM of one cold-start run. Prints, one per line, what {@link ColdStartBenchmark} reads:
 * {@code AT main|init|first <System.nanoTime()>} (the monotonic clock the parent shares on Linux),
 * {@code CLASSES <loaded> <ms spent loading>}, {@code RSS_PEAK_KB <VmHWM>} after the first call, and with a
 * warm count {@code WARM <median wall ns> <mean cpu ns>}. Without a row it is the bare JVM floor.
 * <p>Usage: ColdStartChild [ROW_CLASS [warm invocations]]
 */
public final class ColdStartChild {
    private ColdStartChild() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("AT main " + System.nanoTime());
        if (args.length == 0) {
            return;
        }
        ColdStartRow row = (ColdStartRow) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        row.init();
        System.out.println("AT init " + System.nanoTime());
        row.invoke(0);
        System.out.println("AT first " + System.nanoTime());
        System.out.println("RSS_PEAK_KB " + peakRssKb()); // before the management beans below add their own
        System.out.println("CLASSES " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() + " "
                + classLoadingMillis());
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (warm > 0) {
            for (int i = 1; i <= warm; i++) {
                row.invoke(i); // the same number again, untimed: lets the JIT settle first
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] wall = new long[warm];
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < warm; i++) {
                long start = System.nanoTime();
                row.invoke(warm + 1 + i);
                wall[i] = System.nanoTime() - start;
            }
            cpu = (threads.getCurrentThreadCpuTime() - cpu) / warm;
            Arrays.sort(wall);
            System.out.println("WARM " + wall[warm / 2] + " " + cpu);
        }
        System.out.flush();
        System.exit(0); // SDK HTTP client threads are not all daemons
    }

    /** HotSpot's own counter (sun.cls.time, read through the exported sun.management bean), or -1 elsewhere. */
    private static long classLoadingMillis() {
        try {
            Object bean = Class.forName("sun.management.ManagementFactoryHelper")
                    .getMethod("getHotspotClassLoadingMBean").invoke(null);
            return (Long) Class.forName("sun.management.HotspotClassLoadingMBean")
                    .getMethod("getClassLoadingTime").invoke(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
