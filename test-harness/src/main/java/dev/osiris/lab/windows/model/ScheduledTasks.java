package dev.osiris.lab.windows.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Scheduled tasks (simplified: one action each). Thread-safe. */
public final class ScheduledTasks {

    public record Task(String name, String path, String execute, String arguments, boolean enabled, String author) {
        public Task withEnabled(boolean e) {
            return new Task(name, path, execute, arguments, e, author);
        }
    }

    private final List<Task> tasks = new ArrayList<>();

    public synchronized List<Task> all() {
        return new ArrayList<>(tasks);
    }

    public synchronized Optional<Task> get(String path, String name) {
        return tasks.stream().filter(t -> t.name().equalsIgnoreCase(name)
                && (path == null || t.path().equalsIgnoreCase(path))).findFirst();
    }

    /** Adds or replaces (same path and name). */
    public synchronized void put(Task task) {
        tasks.removeIf(t -> t.name().equalsIgnoreCase(task.name()) && t.path().equalsIgnoreCase(task.path()));
        tasks.add(task);
    }

    public synchronized boolean remove(String path, String name) {
        return tasks.removeIf(t -> t.name().equalsIgnoreCase(name) && (path == null || t.path().equalsIgnoreCase(path)));
    }
}
