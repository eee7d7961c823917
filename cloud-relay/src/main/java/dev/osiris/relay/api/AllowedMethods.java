package dev.osiris.relay.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The methods the router's routes accept on a path, derived from the routes themselves (for 405's {@code Allow}). */
final class AllowedMethods {

    private record Entry(Pattern path, Set<HttpMethod> methods) {
    }

    private final List<Entry> entries;

    private AllowedMethods(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads the method-bound routes of {@code router}; call it once every route is mounted. */
    static AllowedMethods of(Router router) {
        return new AllowedMethods(router.getRoutes().stream()
                .filter(r -> r.methods() != null && !r.methods().isEmpty() && r.getPath() != null)
                .map(r -> new Entry(pattern(r), Set.copyOf(r.methods())))
                .toList());
    }

    /** @return the accepted methods, sorted by name, joined for an {@code Allow} header; empty if the path is unknown */
    String allow(String path) {
        Set<String> names = new TreeSet<>();
        for (Entry e : entries) {
            if (e.path().matcher(path).matches()) {
                e.methods().forEach(m -> names.add(m.name()));
            }
        }
        return String.join(", ", names);
    }

    private static Pattern pattern(Route route) {
        List<String> segments = new ArrayList<>();
        for (String segment : route.getPath().split("/", -1)) {
            segments.add(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(String.join("/", segments) + (route.isExactPath() ? "/?" : ".*"));
    }
}
