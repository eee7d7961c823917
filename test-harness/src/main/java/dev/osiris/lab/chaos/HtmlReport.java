package dev.osiris.lab.chaos;

import java.nio.file.Path;
import java.util.List;

/**
 * The report for people in a browser: the Markdown shown as preformatted text (no Markdown renderer is worth a
 * dependency here) under the plots, referenced as files beside the page.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String page(String markdown, List<Path> plots, Path dir) {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Chaos campaign</title><style>body{font-family:sans-serif;margin:2em}"
                + "img{max-width:720px;display:block;margin:1em 0}pre{white-space:pre-wrap}</style></head><body>\n");
        for (Path p : plots) {
            if (p.toString().endsWith(".svg")) {
                html.append("<img src=\"").append(escape(dir.relativize(p).toString())).append("\" alt=\"")
                        .append(escape(p.getFileName().toString())).append("\">\n");
            }
        }
        html.append("<pre>").append(escape(markdown)).append("</pre>\n</body></html>\n");
        return html.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
