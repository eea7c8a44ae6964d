"""The public pages of the catalogue (browse, search, a service) and the staff's pages of
orientation (proposals for a person, with a "refer" action) and of a mechanism's
referrals (with their outcomes)."""

import math
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import can, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.catalogue.models import Outcome, Service
from tadamun.catalogue.selectors import (
    CatalogueFilterError,
    ServiceFilters,
    referral_for,
    referrals_listing,
    service_public,
    services_browse,
    services_proposed,
    weak_needs,
)
from tadamun.catalogue.services import referral_record_outcome, referral_send
from tadamun.catalogue.types import Audience, ServiceLanguage, ServiceType
from tadamun.core.i18n import current_language
from tadamun.diagnostics.dimensions import WEAK_BELOW, Dimension
from tadamun.diagnostics.selectors import diagnostic_latest, diagnostic_profile
from tadamun.directory.views import _page_links, _page_number
from tadamun.mechanisms.models import Mechanism
from tadamun.people.selectors import person_for
from tadamun.places.selectors import divisions

PAGE_SIZE = 20
REFERRALS_PAGE = 100


def service_list(request: HttpRequest) -> HttpResponse:
    from tadamun.catalogue.selectors import parse_service_filters

    text = (request.GET.get("q") or "").strip()[:200]
    error = ""
    try:
        filters = parse_service_filters(request.GET)
    except CatalogueFilterError as exc:
        filters, error = ServiceFilters(), str(exc)
    number = _page_number(request.GET.get("page"))
    page = services_browse(
        text=text, filters=filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    last = max(1, math.ceil(page.count / PAGE_SIZE))
    context = {
        "text": text,
        "filters": filters,
        "error": error,
        "page": page,
        "number": number,
        "last": last,
        "page_links": _page_links(min(number, last), last),
        "types": ServiceType.choices,
        "audiences": Audience.choices,
        "languages": ServiceLanguage.choices,
        "territories": divisions(max_level=2),
        "api_query": urlencode({**filters.as_params(), **({"q": text} if text else {})}),
    }
    return render(request, "catalogue/service_list.html", context, status=400 if error else 200)


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = service_public(pk)
    return render(request, "catalogue/service_detail.html", {"service": service})


# -- Staff: orientation and referrals --------------------------------------------------------


def _mechanism(request: HttpRequest, slug: str, action: str) -> Mechanism:
    mechanism = get_object_or_404(Mechanism.objects.active(), slug=slug)
    require(request.user, action, mechanism)
    return mechanism


def _needs_asked(request: HttpRequest) -> dict[str, int]:
    """The needs from the query: `needs=marketing,digital` (weak dimensions, counted as
    scoring 0 unless `score_<code>` says otherwise)."""
    needs = {}
    source = request.GET if request.method == "GET" else request.POST
    asked = (source.get("needs") or "").replace(" ", ",").split(",") + source.getlist("need")
    for code in asked:
        code = code.strip()
        if code not in Dimension.values:
            continue
        try:
            score = int(source.get(f"score_{code}", 0))
        except ValueError:
            score = 0
        needs[code] = max(0, min(score, WEAK_BELOW - 1))
    return needs


def _audiences_of(person) -> set[str]:
    audiences = {Audience.PROJECT_HOLDERS}
    if person.gender == person.Gender.WOMAN:
        audiences.add(Audience.WOMEN)
    if person.birth_year:
        from django.utils import timezone

        if timezone.localdate().year - person.birth_year <= 35:
            audiences.add(Audience.YOUTH)
    return audiences


def orientation(request: HttpRequest, slug: str, person_pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "referral.view")
    person = person_for(request.user, person_pk)
    if person.mechanism_id != mechanism.pk:
        raise Http404
    needs = _needs_asked(request)
    diagnostic = None
    if not needs and "need" not in request.GET:
        # The needs of the person's latest diagnostic, as it scored them.
        diagnostic = diagnostic_latest(person=person)
        if diagnostic is not None:
            needs = weak_needs(diagnostic_profile(diagnostic))
    language = (request.GET.get("language") or "").strip()
    if language not in ServiceLanguage.values:
        language = current_language()
    proposals = services_proposed(
        needs=needs, place=person.place, audiences=_audiences_of(person), language=language
    )
    audit_record(
        request=request,
        user=request.user,
        mechanism=mechanism,
        action=AuditEntry.Action.VIEW,
        obj=person,
    )
    context = {
        "mechanism": mechanism,
        "person": person,
        "needs": weak_needs(needs),
        "diagnostic": diagnostic,
        "needs_param": ",".join(needs),
        "dimensions": Dimension.choices,
        "proposals": proposals,
        "can_send": can(request.user, "referral.send", mechanism),
        "referrals": referrals_listing(request.user, mechanism).filter(person=person)[:20],
    }
    return render(request, "catalogue/orientation.html", context)


@require_POST
def referral_send_view(request: HttpRequest, slug: str, person_pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "referral.send")
    person = person_for(request.user, person_pk)
    if person.mechanism_id != mechanism.pk:
        raise Http404
    try:
        service = Service.objects.active().get(pk=int(request.POST.get("service", "")))
    except (ValueError, Service.DoesNotExist):
        messages.error(request, _("Choose a service to refer to."))
        return redirect("referrals:orientation", slug=slug, person_pk=person.pk)
    needs = _needs_asked(request)
    try:
        referral_send(
            mechanism=mechanism,
            service=service,
            person=person,
            by=request.user,
            needs=needs,
            note=request.POST.get("note", "")[:2000],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Referred to %(service)s.") % {"service": service.name})
    return redirect("referrals:list", slug=slug)


def referral_list(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "referral.view")
    outcome = request.GET.get("outcome", "")
    referrals = referrals_listing(request.user, mechanism)
    if outcome in Outcome.values:
        referrals = referrals.filter(outcome=outcome)
    else:
        outcome = ""
    context = {
        "mechanism": mechanism,
        "referrals": list(referrals[:REFERRALS_PAGE]),
        "outcome": outcome,
        "outcomes": Outcome.choices,
        "can_record": can(request.user, "referral.outcome", mechanism),
    }
    return render(request, "catalogue/referral_list.html", context)


@require_POST
def referral_outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "referral.outcome")
    referral = referral_for(request.user, pk, mechanism, action="referral.outcome")
    try:
        referral_record_outcome(
            referral=referral,
            outcome=request.POST.get("outcome", ""),
            by=request.user,
            note=request.POST.get("note", "")[:2000],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Outcome recorded."))
    return redirect("referrals:list", slug=slug)
