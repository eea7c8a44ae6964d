"""Deny by default, and keep sessions safe.

`LoginRequiredMiddleware`: a page that `access.PUBLIC` does not list needs a login (the
API answers 401, pages send to the login). `SessionSafetyMiddleware`: a session ends
after `TADAMUN_SESSION_IDLE_MINUTES` without a request and `TADAMUN_SESSION_MAX_HOURS`
after its login, and a user whose roles now need a second factor they did not give is
logged out.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, JsonResponse
from django.shortcuts import resolve_url

from tadamun.accounts import access
from tadamun.accounts.permissions import needs_second_factor

AUTH_AT = "_tadamun_auth_at"
SEEN_AT = "_tadamun_seen_at"
SECOND_FACTOR = "_tadamun_second_factor"
# The last request's time is written to the session at most this often (seconds).
SEEN_RESOLUTION = 60


def _to_login(request: HttpRequest):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Authentication required"}, status=401)
    return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        if access.is_public(request.resolver_match, request.method):
            return None
        return _to_login(request)


def session_mark_login(request: HttpRequest, *, second_factor: bool) -> None:
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    request.session[SECOND_FACTOR] = second_factor


class SessionSafetyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and self._ended(request):
            logout(request)
            return _to_login(request)
        return self.get_response(request)

    def _ended(self, request) -> bool:
        session, now = request.session, int(time.time())
        auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
        if auth_at is None or seen_at is None:
            return True  # a session not opened by Tadamun's login
        if now - auth_at > settings.TADAMUN_SESSION_MAX_HOURS * 3600:
            return True
        if now - seen_at > settings.TADAMUN_SESSION_IDLE_MINUTES * 60:
            return True
        if needs_second_factor(request.user) and not session.get(SECOND_FACTOR):
            return True
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return False
