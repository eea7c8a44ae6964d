"""The public request form: anyone, no account, in Arabic, French or English.

Defences against spam and floods are in `antispam.py`; the form never says which one
stopped a bot (a filled honeypot looks like a success), and tells a person what to do.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from tadamun.audit.services import client_ip
from tadamun.desk import antispam
from tadamun.desk.forms import PublicRequestForm
from tadamun.desk.services import request_submit_public
from tadamun.people.models import Purpose
from tadamun.people.selectors import consent_text_current

THANKS_SALT = "tadamun.desk.thanks"
THANKS_MAX_AGE = 24 * 60 * 60

TOKEN_MESSAGES = {
    "fast": _(
        "This was sent very quickly after the page opened. Check what you wrote, then send "
        "it again."
    ),
    "expired": _("The page was open for a long time. Check what you wrote, then send it again."),
    "replayed": _("This form was already sent once. Check what you wrote, then send it again."),
    "bad": _("The form could not be read. Check what you wrote, then send it again."),
    "missing": _("The form could not be read. Check what you wrote, then send it again."),
}


def _too_many(request: HttpRequest, seconds: int) -> HttpResponse:
    response = render(
        request,
        "desk/public/too_many.html",
        {"minutes": max(1, seconds // 60), "hours": max(1, seconds // 3600)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _too_big(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/public/too_big.html", status=413)


@never_cache
def request_form(request: HttpRequest) -> HttpResponse:
    text = consent_text_current(Purpose.ACCOMPANIMENT)
    if text is None:
        raise Http404  # nothing can be kept without a published consent text
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > antispam.MAX_BODY_BYTES:
            return _too_big(request)
        ip = client_ip(request)
        if antispam.address_flooding(ip):
            return _too_many(request, antispam.POSTS_PER_ADDRESS.seconds)
        form = PublicRequestForm(request.POST, consent_text=text)
        if request.POST.get("website", "").strip():
            # A bot filled the honeypot: it gets what a person would, nothing is kept.
            return redirect("ask:thanks")
        problem = None
        try:
            antispam.token_spend(request.POST.get("token", ""))
        except antispam.TokenProblem as error:
            problem = error.code
        if problem is None and form.is_valid():
            contacts = form.contacts()
            limit = antispam.sending_refused(ip, contacts)
            if limit is not None:
                return _too_many(request, antispam.retry_after(limit))
            data = form.cleaned_data
            try:
                sent = request_submit_public(
                    full_name=data["full_name"],
                    phone=data["phone"],
                    email=data["email"],
                    gender=data["gender"],
                    birth_year=data["birth_year"],
                    place=data["place"],
                    topic=data["topic"],
                    message=data["message"],
                    consent_text=text,
                    language=get_language() or "",
                    received_at=timezone.now(),
                    http_request=request,
                )
            except ValidationError as error:
                for name, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                antispam.sending_count(ip, contacts)
                ticket = signing.dumps(sent.reference, salt=THANKS_SALT)
                return redirect(f"{reverse('ask:thanks')}?r={ticket}")
        if problem is not None:
            form.is_valid()  # show the other errors too
            form.add_error(None, TOKEN_MESSAGES[problem])
        form.refresh_token()
        status = 400
    else:
        form = PublicRequestForm(consent_text=text)
        status = 200
    return render(request, "desk/public/form.html", {"form": form, "text": text}, status=status)


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    reference = None
    ticket = request.GET.get("r", "")
    if ticket:
        try:
            reference = signing.loads(ticket, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
        except signing.BadSignature:
            reference = None
    return render(request, "desk/public/thanks.html", {"reference": reference})
