package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.release.Releases;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/releases}: listing and adding releases ({@link Permission#RELEASE_ADMIN}: a release reaches every
 * partner's rollouts, so only the relay operator's staff hold it), and the image for appliances ({@code GET .../:version/image},
 * authenticated by the appliance key, with HTTP Range so that an interrupted download resumes).
 *
 * <p>The API key alone does not fetch an image: the request must carry the appliance's {@link Signatures signature}
 * over {@code GET}, the image's path, its time and the empty body, under the key pinned at its first check-in, as a
 * check-in does. A leaked API key without the appliance's private key fetches nothing, and a captured request is not
 * accepted twice. The {@code Range} header is not signed: it only chooses which bytes of the same image come back.
 */
final class ReleaseRoutes {

    static final String RELEASES = "/api/releases";
    private static final byte[] EMPTY = new byte[0];
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{0,19})");

    private final ApplianceAuthHandler appliances;
    private final Signatures signatures;
    private final Releases releases;
    private final BodyIntake intake;

    ReleaseRoutes(ApplianceAuth appliances, Signatures signatures, Releases releases, BodyIntake intake) {
        this.appliances = new ApplianceAuthHandler(appliances);
        this.signatures = signatures;
        this.releases = releases;
        this.intake = intake;
    }

    /** The image's API path, as the appliance signs it. */
    static String imagePath(String version) {
        return RELEASES + "/" + version + "/image";
    }

    void mount(SecuredRoutes routes) {
        routes.get(RELEASES + "/:version/image", Permission.APPLIANCE).handler(appliances).handler(this::image);
        routes.get(RELEASES, Permission.RELEASE_ADMIN).handler(this::list);
        routes.post(RELEASES, Permission.RELEASE_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::add);
    }

    private void list(RoutingContext ctx) {
        releases.list().compose(all -> {
            ObjectNode json = Json.object();
            ArrayNode array = json.putArray("releases");
            all.forEach(r -> array.add(r.toJson()));
            return Responses.json(ctx, 200, json);
        }).onFailure(ctx::fail);
    }

    /** Body: {@code {"version": "1.5.0", "manifest": {"manifest": ..., "signature": ...}, "url": "https://..."}}. */
    private void add(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "release"), "release");
        String version = f.requireName("version", 32);
        SignedManifest manifest = SignedManifest.fromJson(f.requireObject("manifest"));
        String url = f.requireName("url", 2_000);
        f.refuseUnknown();
        releases.addUrl(version, manifest, url, SecuredRoutes.principal(ctx).actor())
                .compose(r -> Responses.json(ctx, 201, r.toJson()))
                .onFailure(ctx::fail);
    }

    private void image(RoutingContext ctx) {
        String version = ctx.pathParam("version");
        ApplianceAuthHandler.authenticated(ctx).compose(appliance -> {
            if (appliance.pinnedKey() == null) {
                throw RelayException.unauthorized("appliance " + appliance.id() + " has no pinned key yet: it"
                        + " fetches images once its first check-in pinned one");
            }
            signatures.require("GET", imagePath(version), ctx.request().getHeader(Api.TIMESTAMP_HEADER),
                    ctx.request().getHeader(Api.SIGNATURE_HEADER), EMPTY, appliance.pinnedKey(),
                    "the appliance's pinned key");
            return releases.image(version);
        }).compose(path -> ctx.vertx().fileSystem().props(path.toString()).compose(props -> {
            long size = props.size();
            String range = ctx.request().getHeader("Range");
            var response = ctx.response().putHeader("Accept-Ranges", "bytes")
                    .putHeader("Content-Type", "application/octet-stream");
            if (range == null) {
                return response.sendFile(path.toString());
            }
            Matcher m = RANGE.matcher(range.strip());
            long from = m.matches() ? Long.parseLong(m.group(1)) : -1;
            long to = m.matches() && !m.group(2).isEmpty() ? Long.parseLong(m.group(2)) : size - 1;
            if (from < 0 || from >= size || to < from) {
                response.putHeader("Content-Range", "bytes */" + size);
                return Future.failedFuture(new RelayException(416, "Range " + range + " is not within the image's "
                        + size + " bytes"));
            }
            long last = Math.min(to, size - 1);
            response.setStatusCode(206).putHeader("Content-Range", "bytes " + from + "-" + last + "/" + size);
            return response.sendFile(path.toString(), from, last - from + 1);
        })).onFailure(ctx::fail);
    }
}
