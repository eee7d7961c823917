package dev.osiris.agent.remote;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;

/**
 * Decodes the error stream PowerShell writes under WinRS: when powershell.exe's stderr is not a console it writes
 * its error, warning, verbose and progress records as one or more {@code #< CLIXML} documents
 * ({@code <Objs xmlns="http://schemas.microsoft.com/powershell/2004/04">} with {@code <S S="Error">} strings and
 * {@code <Obj S="progress">} objects), strings escaped as {@code _xHHHH_} (XmlConvert's encoding of CR, LF and
 * other characters XML cannot hold). Plain text around the documents (a native tool's own stderr) passes through.
 */
public final class Clixml {

    static final String HEADER = "#< CLIXML";
    private static final String NAMESPACE = "http://schemas.microsoft.com/powershell/2004/04";
    private static final String END = "</Objs>";

    private Clixml() {
    }

    /** Input that claims to be CLIXML and is not; the message names what is wrong and where. */
    public static final class MalformedClixml extends IllegalArgumentException {
        MalformedClixml(String message) {
            super(message);
        }
    }

    /**
     * The readable text of a stderr stream: error strings as they are, warnings, verbose and debug lines with the
     * console's prefixes, progress records dropped. Text without a CLIXML header is returned unchanged.
     *
     * @throws MalformedClixml for a header without a complete {@code <Objs>} document, XML that does not parse,
     *                         a DOCTYPE, or a root or child element that is not PowerShell's serialisation
     */
    public static String decode(String stderr) {
        StringBuilder text = new StringBuilder();
        int at = 0;
        while (true) {
            int header = stderr.indexOf(HEADER, at);
            if (header < 0) {
                return text.append(stderr, at, stderr.length()).toString();
            }
            text.append(stderr, at, header);
            int start = header + HEADER.length();
            int end = stderr.indexOf(END, start);
            if (end < 0) {
                throw new MalformedClixml("CLIXML at offset " + header + " has no closing " + END
                        + " (truncated output?)");
            }
            end += END.length();
            appendDocument(stderr.substring(start, end).strip(), header, text);
            at = end;
            // WinRS puts a line break after each document; it is not part of the error text
            if (stderr.startsWith("\r\n", at)) {
                at += 2;
            } else if (stderr.startsWith("\n", at)) {
                at += 1;
            }
        }
    }

    /**
     * {@link #decode} for a result that must lose nothing: undecodable input comes back whole, after a line saying
     * why it could not be decoded.
     */
    public static String readable(String stderr) {
        if (!stderr.contains(HEADER)) {
            return stderr;
        }
        try {
            return decode(stderr);
        } catch (MalformedClixml e) {
            return "(stderr not decoded: " + e.getMessage() + ")\n" + stderr;
        }
    }

    private static void appendDocument(String xml, int offset, StringBuilder text) {
        Element root = parse(xml, offset);
        if (!"Objs".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new MalformedClixml("CLIXML at offset " + offset + ": root element <" + root.getTagName()
                    + "> is not PowerShell's <Objs xmlns=\"" + NAMESPACE + "\">");
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank()) {
                continue;
            }
            if (!(n instanceof Element e)) {
                throw new MalformedClixml("CLIXML at offset " + offset + ": unexpected content '"
                        + n.getTextContent().strip() + "' in <Objs>");
            }
            switch (e.getLocalName()) {
                case "S" -> text.append(prefix(e.getAttribute("S"), offset)).append(unescape(e.getTextContent()));
                case "Obj" -> {
                    // progress and other serialised objects carry no error text
                }
                default -> throw new MalformedClixml("CLIXML at offset " + offset + ": unexpected element <"
                        + e.getTagName() + "> in <Objs> (expected <S> or <Obj>)");
            }
        }
    }

    /** The console's prefix for a stream's record. */
    private static String prefix(String stream, int offset) {
        return switch (stream) {
            case "Error", "error" -> "";
            case "Warning", "warning" -> "WARNING: ";
            case "Verbose", "verbose" -> "VERBOSE: ";
            case "Debug", "debug" -> "DEBUG: ";
            case "Information", "information", "Output", "output", "" -> "";
            default -> throw new MalformedClixml("CLIXML at offset " + offset + ": unknown stream S=\"" + stream + "\"");
        };
    }

    private static Element parse(String xml, int offset) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // a host's stderr is untrusted: no DOCTYPE, so no entity expansion and no external fetches
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (SAXException e) {
            throw new MalformedClixml("CLIXML at offset " + offset + " is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("XML parser unavailable", e);
        }
    }

    /** XmlConvert.DecodeName: {@code _xHHHH_} is the UTF-16 unit HHHH; anything else stays as written. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("_x", i) && i + 7 <= s.length() && s.charAt(i + 6) == '_' && isHex(s, i + 2, i + 6)) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 7;
            } else {
                sb.append(s.charAt(i++));
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
