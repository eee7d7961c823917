package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.model.Account;

/** Who a request authenticated as: the account and the domain to show (NetBIOS domain or host name). */
record Principal(Account account, String domain) {

    static Principal of(Account account, String hostName) {
        return new Principal(account, account.isLocal() ? hostName : account.domain().toUpperCase());
    }

    String user() {
        return account.user();
    }

    String qualified() {
        return domain + "\\" + account.user();
    }
}
