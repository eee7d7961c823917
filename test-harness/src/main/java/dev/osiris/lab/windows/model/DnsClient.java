package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DNS client server addresses (IPv4) per network interface. Thread-safe. */
public final class DnsClient {

    /** An interface's DNS servers, IPv4 and IPv6 apart as Windows keeps them. */
    public record Interface(String alias, int index, List<String> serverAddresses, List<String> ipv6ServerAddresses) {
        public Interface {
            serverAddresses = List.copyOf(serverAddresses);
            ipv6ServerAddresses = List.copyOf(ipv6ServerAddresses);
        }

        public Interface(String alias, int index, List<String> serverAddresses) {
            this(alias, index, serverAddresses, List.of());
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

    /**
     * Sets the servers of the families the addresses belong to (an address with ':' is IPv6); the other family's
     * servers stay, as Set-DnsClientServerAddress leaves them. An empty list resets both.
     */
    public synchronized void setServers(String alias, List<String> servers) {
        Interface i = byAlias(alias).orElseThrow(() -> new IllegalArgumentException("no interface " + alias));
        List<String> v6 = servers.stream().filter(s -> s.contains(":")).toList();
        List<String> v4 = servers.stream().filter(s -> !s.contains(":")).toList();
        interfaces.put(alias.toLowerCase(Locale.ROOT), new Interface(i.alias(), i.index(),
                servers.isEmpty() || !v4.isEmpty() ? v4 : i.serverAddresses(),
                servers.isEmpty() || !v6.isEmpty() ? v6 : i.ipv6ServerAddresses()));
    }

    /** Sets one family's servers only (netsh interface ip / ipv6 set dns). */
    public synchronized void setServers(String alias, boolean ipv6, List<String> servers) {
        Interface i = byAlias(alias).orElseThrow(() -> new IllegalArgumentException("no interface " + alias));
        interfaces.put(alias.toLowerCase(Locale.ROOT), new Interface(i.alias(), i.index(),
                ipv6 ? i.serverAddresses() : servers, ipv6 ? servers : i.ipv6ServerAddresses()));
    }
}
