package dev.osiris.lab.windows.wsman;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The parts of a WS-Management request the emulator reads (namespace-aware, prefix-agnostic). */
record SoapRequest(String action, String messageId, String resourceUri, Map<String, String> selectors,
                   Duration operationTimeout, Map<String, String> options, Element body) {

    private static final DocumentBuilderFactory FACTORY = factory();

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        f.setExpandEntityReferences(false);
        return f;
    }

    /** Parses a SOAP 1.2 envelope; throws {@link WsmanFault} when it is not one we understand. */
    static SoapRequest parse(byte[] xml, Duration defaultTimeout) {
        Document doc;
        try {
            DocumentBuilder b;
            synchronized (FACTORY) { // DocumentBuilderFactory is not thread-safe; event loops may share it
                b = FACTORY.newDocumentBuilder();
            }
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw WsmanFault.invalid("The request is not well-formed XML: " + e.getMessage());
        }
        Element env = doc.getDocumentElement();
        if (!Ns.SOAP.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            throw WsmanFault.invalid("The request is not a SOAP 1.2 envelope.");
        }
        Element header = child(env, Ns.SOAP, "Header");
        Element body = child(env, Ns.SOAP, "Body");
        if (header == null || body == null) {
            throw WsmanFault.invalid("The SOAP envelope has no Header or no Body.");
        }
        String action = text(child(header, Ns.ADDRESSING, "Action"));
        String messageId = text(child(header, Ns.ADDRESSING, "MessageID"));
        if (action == null || messageId == null) {
            throw WsmanFault.invalid("The Action or MessageID header is missing.");
        }
        Map<String, String> selectors = new HashMap<>();
        Element set = child(header, Ns.WSMAN, "SelectorSet");
        for (Element s : children(set, Ns.WSMAN, "Selector")) {
            selectors.put(s.getAttribute("Name"), s.getTextContent().trim());
        }
        Map<String, String> options = new HashMap<>();
        for (Element o : children(child(header, Ns.WSMAN, "OptionSet"), Ns.WSMAN, "Option")) {
            options.put(o.getAttribute("Name"), o.getTextContent().trim());
        }
        Duration timeout = defaultTimeout;
        String t = text(child(header, Ns.WSMAN, "OperationTimeout"));
        if (t != null) {
            try {
                timeout = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw WsmanFault.invalid("OperationTimeout '" + t + "' is not an xs:duration.");
            }
        }
        Element first = null;
        for (Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                first = e;
                break;
            }
        }
        return new SoapRequest(action, messageId, text(child(header, Ns.WSMAN, "ResourceURI")), selectors, timeout,
                options, first);
    }

    static Element child(Element parent, String ns, String local) {
        List<Element> all = children(parent, ns, local);
        return all.isEmpty() ? null : all.get(0);
    }

    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    /** An attribute in no namespace or in the given one (winrm4j qualifies rsp:CommandId, pywinrm does not). */
    static String attribute(Element e, String ns, String name) {
        if (e == null) {
            return null;
        }
        if (e.hasAttribute(name)) {
            return e.getAttribute(name);
        }
        return e.hasAttributeNS(ns, name) ? e.getAttributeNS(ns, name) : null;
    }
}
