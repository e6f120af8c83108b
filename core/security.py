"""Security headers for every response.

- JSON API, health and metrics: a deny-everything CSP (``default-src 'none'``) and
  ``frame-ancestors 'none'``: nothing here is meant to render or be framed.
- Wagtail admin and the API docs (HTML): scripts only from this origin plus the exact
  inline scripts of that response, allowed by their SHA-256 hash (no 'unsafe-inline' for
  scripts); styles allow inline (Wagtail uses style attributes); images over https (S3 or
  CDN renditions); the admin may be framed by itself (preview panel), the docs by nobody.
- Everything else (documents, media, sitemap): no plugins, no <base> hijack, same-origin
  framing only.
SecurityHeadersMiddleware also does the work of Django's SecurityMiddleware and
XFrameOptionsMiddleware, from the same settings (the HTTPS redirect, HSTS, nosniff,
Referrer-Policy, Cross-Origin-Opener-Policy, X-Frame-Options and its exemption): every fixed
header is validated once per process and added as one block, instead of three middleware
each validating their headers on every response. core.checks keeps Django's deploy checks
for those settings.
"""

import base64
import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from core.headers import add_missing, has_header, header_block

CSP = "Content-Security-Policy"
_INLINE_SCRIPT = re.compile(
    rb"<script(?![^>]*\bsrc\s*=)(?:\s[^>]*)?>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DEFAULT_POLICY = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'"


def _script_hashes(content: bytes) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(content):
        digest = base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def html_policy(content: bytes, *, frame_ancestors: str) -> str:
    frame_src = " ".join(["'self'", "https:", *settings.FRONTEND_ORIGINS])
    script_src = " ".join(["'self'", *_script_hashes(content)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' https:",
            f"frame-src {frame_src}",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


# Nothing we serve (API JSON, the Wagtail admin, API docs) needs these browser features.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RejectUnknownMethodsMiddleware:
    """TRACE, CONNECT, WebDAV verbs and made-up methods: 405 before authentication (DRF
    would check the token first and answer 401)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in KNOWN_METHODS:
            return self.get_response(request)
        from django.http import JsonResponse

        from core.exceptions import error_body

        response = JsonResponse(
            error_body("This method is not allowed here.", "method_not_allowed"), status=405
        )
        response["Allow"] = ", ".join(sorted(KNOWN_METHODS))
        return response


class SecurityHeadersMiddleware:
    """Redirects plain HTTP to HTTPS and adds the security headers (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = ("/admin/", "/django-admin/")
        self.docs_prefix = "/api/docs/"
        # Settings do not change while a process runs: the header values are fixed here.
        self.redirect = settings.SECURE_SSL_REDIRECT
        self.redirect_host = settings.SECURE_SSL_HOST
        self.redirect_exempt = [re.compile(r) for r in settings.SECURE_REDIRECT_EXEMPT]
        self.always = header_block(_fixed_headers())
        self.frame_options = header_block(
            {"X-Frame-Options": getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()}
        )
        sts = _strict_transport_security()
        self.https_only = header_block({"Strict-Transport-Security": sts} if sts else {})
        self.policies = {
            policy: header_block({CSP: policy}) for policy in (API_POLICY, DEFAULT_POLICY)
        }

    def __call__(self, request):
        secure = request.is_secure()
        if self.redirect and not secure and not self._exempt(request.path):
            host = self.redirect_host or request.get_host()
            response = HttpResponsePermanentRedirect(f"https://{host}{request.get_full_path()}")
        else:
            response = self.get_response(request)
        add_missing(response, self.always)
        if not getattr(response, "xframe_options_exempt", False):
            add_missing(response, self.frame_options)
        if secure:
            add_missing(response, self.https_only)
        if not has_header(response, CSP):
            policy = self._policy(request.path, response)
            if policy in self.policies:
                add_missing(response, self.policies[policy])
            else:
                response.headers[CSP] = policy
        return response

    def _exempt(self, path: str) -> bool:
        path = path.lstrip("/")
        return any(pattern.search(path) for pattern in self.redirect_exempt)

    def _policy(self, path: str, response) -> str:
        if path.startswith(self.docs_prefix):
            frame_ancestors = "'none'"
        elif path.startswith(self.admin_prefixes):
            frame_ancestors = "'self'"
        else:
            frame_ancestors = None
        # The body is read only for an HTML page that gets script hashes.
        if frame_ancestors and response.get("Content-Type", "").startswith("text/html"):
            content = b"" if response.streaming else response.content
            return html_policy(content, frame_ancestors=frame_ancestors)
        if path.startswith(("/api/", "/health", "/metrics")):
            return API_POLICY
        return DEFAULT_POLICY


def _fixed_headers() -> dict[str, str]:
    """What Django's SecurityMiddleware adds to every response, from the same settings, with
    nosniff, a Referrer-Policy and the Permissions-Policy on even when a setting is unset."""
    referrer = settings.SECURE_REFERRER_POLICY
    if isinstance(referrer, str):
        referrer = [v.strip() for v in referrer.split(",")]
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": ",".join(referrer) if referrer else "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    return headers


def _strict_transport_security() -> str:
    """Django's HSTS value (sent on HTTPS responses only), or "" when SECURE_HSTS_SECONDS
    is 0."""
    if not settings.SECURE_HSTS_SECONDS:
        return ""
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


_TEXT_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "text/")


class RejectNulBytesMiddleware:
    """NUL characters are never valid in our text inputs and PostgreSQL cannot store them
    (a query would fail with a 500). Reject them at the edge with a 400: in the path and
    query string of every request, and in JSON / urlencoded / text bodies. Multipart
    bodies are left to the views (files legitimately contain NUL bytes, and parsing them
    here would bypass the views' streaming upload handlers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponse, JsonResponse

            from core.exceptions import error_body

            if request.path.startswith("/api/"):
                return JsonResponse(
                    error_body("The request contains a NUL character.", "bad_request"),
                    status=400,
                )
            return HttpResponse("Bad request.\n", status=400, content_type="text/plain")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in {"POST", "PUT", "PATCH"} and content_type.startswith(_TEXT_BODY_TYPES):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False


_VARY_ORIGIN = header_block({"Vary": "origin"})


class CorsMiddleware:
    """django-cors-headers' middleware (same settings, same answers) with its per-request
    work done once per process: the URL regex compiled, the allowed origins parsed, the
    header values joined, and the Origin read from META instead of building
    request.headers. Its own middleware re-reads every setting on every request, which
    cost more than the rest of an API request's security headers together."""

    def __init__(self, get_response):
        from corsheaders.conf import conf
        from corsheaders.signals import check_request_enabled

        self.get_response = get_response
        self.signal = check_request_enabled
        self.urls = re.compile(conf.CORS_URLS_REGEX)
        self.allow_all = conf.CORS_ALLOW_ALL_ORIGINS
        self.credentials = conf.CORS_ALLOW_CREDENTIALS
        self.private_network = conf.CORS_ALLOW_PRIVATE_NETWORK
        self.origins = frozenset(conf.CORS_ALLOWED_ORIGINS)
        self.origin_parts = frozenset(
            (url.scheme, url.netloc) for url in map(urlsplit, conf.CORS_ALLOWED_ORIGINS)
        )
        self.origin_regexes = [re.compile(r) for r in conf.CORS_ALLOWED_ORIGIN_REGEXES]
        self.expose = ", ".join(conf.CORS_EXPOSE_HEADERS)
        self.allow_headers = ", ".join(conf.CORS_ALLOW_HEADERS)
        self.allow_methods = ", ".join(conf.CORS_ALLOW_METHODS)
        self.max_age = str(conf.CORS_PREFLIGHT_MAX_AGE) if conf.CORS_PREFLIGHT_MAX_AGE else ""

    def __call__(self, request):
        if not (self.urls.match(request.path_info) or self._signal(request)):
            return self.get_response(request)
        meta = request.META
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in meta:
            from django.http import HttpResponse

            response = HttpResponse(headers={"content-length": "0"})
        else:
            response = self.get_response(request)
        if has_header(response, "Vary"):
            from django.utils.cache import patch_vary_headers

            patch_vary_headers(response, ("origin",))
        else:  # the usual case, without parsing and joining a header
            add_missing(response, _VARY_ORIGIN)
        origin = meta.get("HTTP_ORIGIN")
        if origin and (self.allow_all or self._allowed(origin) or self._signal(request)):
            self._grant(request, response, origin)
        return response

    def _grant(self, request, response, origin):
        allow_any = self.allow_all and not self.credentials
        response["Access-Control-Allow-Origin"] = "*" if allow_any else origin
        if self.credentials:
            response["Access-Control-Allow-Credentials"] = "true"
        if self.expose:
            response["Access-Control-Expose-Headers"] = self.expose
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Headers"] = self.allow_headers
            response["Access-Control-Allow-Methods"] = self.allow_methods
            if self.max_age:
                response["Access-Control-Max-Age"] = self.max_age
        network = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK")
        if self.private_network and network == "true":
            response["Access-Control-Allow-Private-Network"] = "true"

    def _allowed(self, origin: str) -> bool:
        if origin in self.origins:  # exactly as configured: the frontend's case
            return True
        try:
            url = urlsplit(origin)
        except ValueError:
            return False
        return (url.scheme, url.netloc) in self.origin_parts or any(
            r.match(origin) for r in self.origin_regexes
        )

    def _signal(self, request) -> bool:
        if not self.signal.has_listeners():
            return False
        return any(value for _, value in self.signal.send(sender=None, request=request))
