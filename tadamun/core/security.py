"""The Content-Security-Policy of every response.

Scripts run only from the platform's own static files or, inline, with the response's
nonce (`{{ csp_nonce }}`); nothing loads from another origin except the map's tiles
(`TADAMUN_TILE_URL`); no page can be framed except those that opt out of the
clickjacking protection on purpose (the Atlas's embed page, made to be put on partners'
websites). Style attributes stay allowed (`style-src-attr`): the map's markers are drawn
with them, and a style cannot run code.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _tile_origin() -> str:
    parts = urlsplit(settings.TADAMUN_TILE_URL or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def policy(nonce: str, framable: bool) -> str:
    images = " ".join(filter(None, ["'self'", "data:", _tile_origin()]))
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "style-src-attr 'unsafe-inline'",
        f"img-src {images}",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors *" if framable else "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            framable = getattr(response, "xframe_options_exempt", False)
            response["Content-Security-Policy"] = policy(request.csp_nonce, framable)
        return response


def csp_nonce(request: HttpRequest) -> dict:
    """Template context: `csp_nonce` for the rare inline script."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
