package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DNS client server addresses (IPv4) per network interface. Thread-safe. */
public final class DnsClient {

    public record Interface(String alias, int index, List<String> serverAddresses) {
        public Interface {
            serverAddresses = List.copyOf(serverAddresses);
        }
    }

    private final Map<String, Interface> interfaces = new LinkedHashMap<>();

    public synchronized void add(Interface iface) {
        interfaces.put(iface.alias().toLowerCase(Locale.ROOT), iface);
    }

    public synchronized List<Interface> all() {
        return new ArrayList<>(interfaces.values());
    }

    public synchronized Optional<Interface> byAlias(String alias) {
        return Optional.ofNullable(interfaces.get(alias.toLowerCase(Locale.ROOT)));
    }

    public synchronized Optional<Interface> byIndex(int index) {
        return interfaces.values().stream().filter(i -> i.index() == index).findFirst();
    }

    public synchronized void setServers(String alias, List<String> servers) {
        Interface i = byAlias(alias).orElseThrow(() -> new IllegalArgumentException("no interface " + alias));
        interfaces.put(alias.toLowerCase(Locale.ROOT), new Interface(i.alias(), i.index(), servers));
    }
}
