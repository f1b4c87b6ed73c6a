# Varnish in front of Newsdesk (compose's `varnish` service; the tests start one too).
#
# What it keeps: only the answers the app marks for shared caches (`s-maxage`
# in Cache-Control: reader pages, feeds, sitemaps), under their surrogate
# keys (the `xkey` header). The app purges keys with `PURGE /` and an
# `xkey-purge: key1 key2` header: a hard purge, so a purged page is never
# served again, not even stale. The desk (/admin/, previews) and any method
# but GET and HEAD go through uncached; reader pages are the same for
# everyone, so readers' cookies are dropped and do not split the cache.
#
# While the app fails (answers 5xx or does not answer), the last copy of a
# page is served for up to 24 hours (stale-if-error), unless it was purged.
vcl 4.1;

import std;
import xkey;

# The backend (`backend app { … }`): compose's is backend.vcl beside this file.
include "backend.vcl";

# Who may purge: this machine and private networks (compose's web and worker).
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge)));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|apercu)/" || req.http.Authorization) {
        return (pass);
    }
    unset req.http.Cookie;
    # Tracking parameters do not change a page.
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*(&|$)", "");
    set req.url = regsub(req.url, "[?&]+$", "");
    # Two languages, so at most two copies of a page.
    if (req.http.Accept-Language ~ "^\s*en" || (req.http.Accept-Language ~ "(^|,)\s*en" && req.http.Accept-Language !~ "(^|,)\s*fr")) {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "fr";
    }
    # A few seconds of stale-while-revalidate normally; the whole grace
    # (stale-if-error) once a fetch of this page has failed (see vcl_deliver).
    if (req.http.X-Stale-If-Error) {
        set req.grace = 24h;
    } else {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_miss {
    # Looked up again only for a copy to serve after a failure: none is left.
    if (req.http.X-Stale-If-Error) {
        return (synth(503, "Service Unavailable"));
    }
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            # The stale copy already served stays.
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Kept past its freshness only to be served while the app fails.
    set beresp.grace = 24h;
    set beresp.keep = 0s;
    return (deliver);
}

sub vcl_backend_error {
    set beresp.ttl = 0s;
}

sub vcl_deliver {
    if (resp.status >= 500 && req.restarts == 0 && !req.http.X-Stale-If-Error && (req.method == "GET" || req.method == "HEAD")) {
        set req.http.X-Stale-If-Error = "1";
        return (restart);
    }
    # The keys are for caches, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.http.X-Stale-If-Error) {
        set resp.http.Retry-After = "5";
        set resp.http.Content-Type = "text/html; charset=utf-8";
        synthetic({"<!doctype html><html lang="fr"><meta charset="utf-8"><title>Service momentanément indisponible</title><h1>Service momentanément indisponible</h1><p>Réessayez dans quelques secondes.</p></html>"});
        return (deliver);
    }
}
