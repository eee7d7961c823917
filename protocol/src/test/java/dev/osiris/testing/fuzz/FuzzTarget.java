package dev.osiris.testing.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code @FuzzTest} method. A target is found, not registered: any class named {@code *FuzzTest} in a module's
 * test classes whose methods carry {@code @FuzzTest} is one, so adding a parser's target is one small class plus
 * its seed folder {@code src/test/resources/<package>/<Class>Inputs/<method>/}.
 *
 * @param name short name used on the command line: the class's simple name without {@code FuzzTest}
 */
public record FuzzTarget(String name, Class<?> type, Method method) {

    /** Where Jazzer reads the committed seeds and writes new findings, in the module's source tree. */
    public Path inputs(Path moduleDir) {
        Path dir = moduleDir.resolve("src/test/resources");
        for (String part : type.getPackageName().split("\\.")) {
            dir = dir.resolve(part);
        }
        return dir.resolve(type.getSimpleName() + "Inputs").resolve(method.getName());
    }

    /** Every target among the compiled test classes under {@code testClasses}, sorted by name. */
    public static List<FuzzTarget> in(Path testClasses) {
        List<FuzzTarget> targets = new ArrayList<>();
        if (!Files.isDirectory(testClasses)) {
            return targets;
        }
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("FuzzTest.class")).toList()) {
                String binary = testClasses.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = load(binary.substring(0, binary.length() - ".class".length()));
                Arrays.stream(type.getDeclaredMethods())
                        .filter(m -> m.isAnnotationPresent(FuzzTest.class))
                        .map(m -> new FuzzTarget(nameOf(type, m), type, m))
                        .forEach(targets::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        targets.sort(Comparator.comparing(FuzzTarget::name));
        return targets;
    }

    private static String nameOf(Class<?> type, Method method) {
        String base = type.getSimpleName().substring(0, type.getSimpleName().length() - "FuzzTest".length());
        long inClass = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(FuzzTest.class)).count();
        return inClass == 1 ? base : base + "." + method.getName();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, FuzzTarget.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load fuzz target " + name, e);
        }
    }
}
