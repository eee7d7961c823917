package dev.osiris.relay.release;

import io.vertx.core.Future;

import java.util.List;

/** Releases, stored once per version; the relay never changes or deletes one. */
public interface ReleaseStore {

    /** @return fails with 409 when the version exists already */
    Future<Release> add(Release release);

    /** @return fails with 404 for an unknown version */
    Future<Release> get(String version);

    /** @return newest first */
    Future<List<Release>> list();
}
