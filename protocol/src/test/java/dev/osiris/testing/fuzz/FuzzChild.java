package dev.osiris.testing.fuzz;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The child JVM's main: runs one {@code @FuzzTest} method through the JUnit launcher with Jazzer in fuzzing mode.
 * Jazzer fuzzes only one target per JVM, so {@link FuzzCampaign} starts one of these per target; the Jazzer
 * settings arrive as system properties, which JUnit reads as configuration parameters. Exits 0 when the target
 * ran and found nothing.
 */
public final class FuzzChild {

    private FuzzChild() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Class<?> type = Class.forName(args[0]);
        Method method = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + args[1] + " in " + args[0]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(type, method))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter err = new PrintWriter(System.err, true);
        summary.printFailuresTo(err, 40);
        boolean clean = summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0;
        err.println("osiris-fuzz: " + (clean ? "clean" : "failed") + " (" + summary.getTestsSucceededCount()
                + " succeeded, " + summary.getTotalFailureCount() + " failed)");
        System.exit(clean ? 0 : 1);
    }
}
