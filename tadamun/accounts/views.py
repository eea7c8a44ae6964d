"""Logging in (password, then the second factor), out, and accepting an invitation."""

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tadamun.accounts import services
from tadamun.accounts.forms import CodeForm, InvitationAcceptForm, LoginForm
from tadamun.accounts.menu import menu_for
from tadamun.accounts.permissions import ROLE_LABELS, grants_of
from tadamun.mechanisms.models import Mechanism

PENDING = "_tadamun_pending_login"
PENDING_SECRET = "_tadamun_pending_secret"  # noqa: S105 (a session key's name)
# Minutes between the password and the code before the login starts over.
PENDING_MINUTES = 5


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked(request: HttpRequest) -> HttpResponse:
    response = render(
        request, "accounts/locked.html", {"minutes": settings.TADAMUN_LOCKOUT_MINUTES}, status=429
    )
    response["Retry-After"] = str(settings.TADAMUN_LOCKOUT_MINUTES * 60)
    return response


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        identifier = request.POST.get("username", "")
        if services.login_locked(request=request, identifier=identifier):
            return _locked(request)
        if form.is_valid():
            user = authenticate(
                request,
                username=form.cleaned_data["username"].strip().lower(),
                password=form.cleaned_data["password"],
            )
            if user is None:
                services.login_failure_record(request=request, identifier=identifier)
                if services.login_locked(request=request, identifier=identifier):
                    return _locked(request)
                form.add_error(None, _("This e-mail and password do not match an active account."))
            elif services.second_factor_needed(user):
                request.session.cycle_key()
                request.session[PENDING] = {
                    "user": user.pk,
                    "at": int(time.time()),
                    "next": _next_url(request),
                }
                return redirect("accounts:second_factor")
            else:
                services.session_start(request=request, user=user, second_factor=False)
                return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_MINUTES * 60:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@csrf_protect
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code of the authenticator app; on the first login, enrolling it."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")
    enrolled = services.totp_enrolled(user)
    secret = None
    if not enrolled:
        secret = request.session.get(PENDING_SECRET) or services.totp_new_secret()
        request.session[PENDING_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        identifier = user.get_username()
        if services.login_locked(request=request, identifier=identifier):
            return _locked(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            good = (
                services.totp_verify(user=user, code=code)
                if enrolled
                else services.totp_confirm(user=user, secret=secret, code=code)
            )
            if good:
                target = pending["next"]
                for key in (PENDING, PENDING_SECRET):
                    request.session.pop(key, None)
                services.session_start(request=request, user=user, second_factor=True)
                return redirect(target)
            services.login_failure_record(request=request, identifier=identifier)
            if services.login_locked(request=request, identifier=identifier):
                return _locked(request)
            form.add_error("code", _("This code is not right, or was already used."))
    context = {"form": form, "enrolled": enrolled}
    if secret:
        uri = services.totp_uri(secret=secret, user=user)
        context |= {
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code")),
        }
    return render(request, "accounts/second_factor.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    services.session_end(request=request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def home(request: HttpRequest) -> HttpResponse:
    """The staff's start page: their roles, and the pages these open."""
    grants = grants_of(request.user)
    mechanisms = Mechanism.objects.filter(pk__in=grants.mechanisms).order_by("name_fr")
    roles = [(m, ROLE_LABELS[grants.mechanisms[m.pk]]) for m in mechanisms]
    return render(
        request,
        "accounts/home.html",
        {
            "roles": roles,
            "platform_role": ROLE_LABELS.get(grants.platform, ""),
            "pages": menu_for(request.user),
        },
    )


@sensitive_post_parameters("password", "password_again")
@csrf_protect
@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    exists = get_user_model().objects.filter(username=invitation.email).exists()
    if exists:
        # Someone already on the platform: their password proves it is them.
        form.fields.pop("full_name")
        form.fields.pop("password_again")
        form.fields["password"].help_text = _("The password of your existing account.")
    if request.method == "POST" and form.is_valid():
        if (
            exists
            and authenticate(
                request, username=invitation.email, password=form.cleaned_data["password"]
            )
            is None
        ):
            form.add_error("password", _("This is not the password of the account."))
        else:
            services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data.get("full_name", ""),
                password=form.cleaned_data["password"],
            )
            messages.success(request, _("Your account is ready: log in to continue."))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "invitation": invitation, "exists": exists},
    )
