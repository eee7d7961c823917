package dev.osiris.agent.evidence;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

final class IntStreamAppend {

    private IntStreamAppend() {
    }

    static Future<Void> appendAll(EvidenceStore store, int n) {
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(store.append(StoreFixture.entry(i)));
        }
        return Future.all(all).mapEmpty();
    }
}
