vcl 4.1;
# The front cache of danvan (issue 17, decision 0027): Varnish in front of two or more app servers.
# `make serve` (deploy/serve.py) writes the backends below from this file; a province's server uses
# it the same way (docs/deploy.md). What it does:
# - stores what the application marks `Cache-Control: public` (anonymous pages, static files) for
#   their max-age, nothing else (default_ttl=0 on the command line);
# - never stores nor serves a copy to a signed-in user, a POST, or an answer that sets a cookie;
# - bans, on the application's BAN request, every copy tagged with a page that changed
#   (X-Cache-Tags, danvan/core/frontcache.py), or every copy;
# - sends each request to the next healthy app server, and retries another when one does not answer.

import std;
import directors;

#BACKENDS#

acl purgers {
    "127.0.0.1";
    "::1";
#PURGERS#
}

sub vcl_init {
    new apps = directors.round_robin();
#DIRECTOR#
}

sub vcl_recv {
    set req.backend_hint = apps.backend();
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.X-Purge-All == "1") {
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned all"));
            }
            return (synth(500, std.ban_error()));
        }
        # Tags are stored between commas (",p12,c3,"): the expression needs no space nor anchor.
        if (req.http.X-Purge-Tags ~ "^[a-z0-9]+( [a-z0-9]+)*$") {
            if (std.ban("obj.http.X-Cache-Tags ~ ,(" + regsuball(req.http.X-Purge-Tags, " ", "|") + "),")) {
                return (synth(200, "Banned"));
            }
            return (synth(500, std.ban_error()));
        }
        return (synth(400, "Bad ban"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # Kept so that a retry on another app server can send the body again (the visit beacon).
        std.cache_req_body(1MB);
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)") {
        return (pass);
    }
    # Other cookies (a browser's own, an analytics script's) change nothing the pages show, nor does
    # the browser's language (English is chosen by the /en/ prefix only): one copy serves everyone.
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    # While no app server answers, copies up to an hour old are served rather than an error.
    if (!std.healthy(req.backend_hint)) {
        set req.grace = 1h;
    }
    return (hash);
}

sub vcl_backend_fetch {
    # The app servers see the visitor's address through X-Forwarded-For (DANVAN_TRUSTED_PROXIES).
    set bereq.http.X-Forwarded-Proto = "http";
}

sub vcl_backend_response {
    # For bans by address as well as by tag, kept on the copy (removed before delivery).
    set beresp.http.X-Url = bereq.url;
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries < 2 && bereq.method != "POST") {
        return (retry);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_backend_error {
    # The app server did not answer (stopped, restarting): the request goes to the next one.
    if (bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Danvan-Front = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Danvan-Front = "hit";
    } else {
        set resp.http.X-Danvan-Front = "miss";
    }
    unset resp.http.X-Cache-Tags;
    unset resp.http.X-Url;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
