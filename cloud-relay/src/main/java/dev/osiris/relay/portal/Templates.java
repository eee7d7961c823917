package dev.osiris.relay.portal;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;

/**
 * The portal's pages, rendered on the server by Thymeleaf: every {@code th:text} and attribute value is escaped for
 * its HTML context by default, and there is no inline script to allow. Templates are read once from the classpath
 * ({@code /portal/*.html}) and kept parsed.
 */
public final class Templates {

    private final TemplateEngine engine = new TemplateEngine();

    public Templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        resolver.setPrefix("portal/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    /**
     * A ready engine: the first render loads Thymeleaf's classes and its expression language, which takes long
     * enough to block an event loop, so this runs once at start on a worker.
     */
    public static Templates warmed() {
        Templates t = new Templates();
        t.render("sign-in", Map.of("providers", java.util.List.of()));
        return t;
    }

    public String render(String template, Map<String, Object> variables) {
        return engine.process(template, new Context(Locale.ROOT, variables));
    }
}
