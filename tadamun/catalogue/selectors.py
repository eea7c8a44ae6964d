"""Reading the catalogue: browsing with filters and search, orientation's proposals, and
the referrals of the mechanisms a user works in."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tadamun.accounts.permissions import scoped
from tadamun.catalogue.models import Referral, ReferralEvent, Service
from tadamun.catalogue.search import search_services
from tadamun.catalogue.types import STRENGTHENS, Audience, ServiceLanguage, ServiceType
from tadamun.diagnostics.dimensions import Dimension
from tadamun.diagnostics.selectors import weak_dimensions
from tadamun.places.selectors import country_resolve, place_resolve


class CatalogueFilterError(ValueError):
    """A filter's value is not one the catalogue knows (a 400, with this message)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ServiceFilters:
    service_type: str = ""
    audience: str = ""
    territory: object = None  # a Place
    country: object = None  # a Country
    free: bool | None = None
    language: str = ""

    def as_params(self) -> dict[str, str]:
        params = {
            "type": self.service_type,
            "audience": self.audience,
            "territory": self.territory.code if self.territory else "",
            "country": self.country.code if self.country else "",
            "free": "" if self.free is None else ("true" if self.free else "false"),
            "language": self.language,
        }
        return {k: v for k, v in params.items() if v}


def _choice(value: str, choices, what: str) -> str:
    value = (value or "").strip()
    if value and value not in choices:
        raise CatalogueFilterError(
            what,
            _("Unknown %(what)s %(value)s; use one of: %(known)s.")
            % {"what": what, "value": value, "known": ", ".join(choices)},
        )
    return value


def parse_service_filters(params) -> ServiceFilters:
    """Filters from query parameters (pages and API alike): type, audience, territory
    (code or name, any language), country, free (true/false), language."""
    territory = None
    raw = (params.get("territory") or "").strip()
    if raw:
        territory = place_resolve(raw, broadest=True)
        if territory is None:
            raise CatalogueFilterError(
                "territory", _("Unknown territory %(value)s.") % {"value": raw}
            )
    country = None
    raw = (params.get("country") or "").strip()
    if raw:
        country = country_resolve(raw)
        if country is None:
            raise CatalogueFilterError("country", _("Unknown country %(value)s.") % {"value": raw})
    free = (params.get("free") or "").strip().lower()
    if free not in ("", "true", "false", "1", "0"):
        raise CatalogueFilterError("free", _("free is true or false."))
    return ServiceFilters(
        service_type=_choice(params.get("type", ""), ServiceType.values, "type"),
        audience=_choice(params.get("audience", ""), Audience.values, "audience"),
        territory=territory,
        country=country,
        free=None if free == "" else free in ("true", "1"),
        language=_choice(params.get("language", ""), ServiceLanguage.values, "language"),
    )


def services_filtered(filters: ServiceFilters) -> QuerySet[Service]:
    services = Service.objects.active()
    if filters.service_type:
        services = services.of_type(filters.service_type)
    if filters.audience:
        services = services.for_audience(filters.audience)
    if filters.language:
        services = services.in_language(filters.language)
    if filters.free is not None:
        services = services.filter(is_free=filters.free)
    if filters.territory is not None:
        services = services.touching(filters.territory)
    if filters.country is not None:
        services = services.filter(
            Q(countries=filters.country) | Q(territories__country=filters.country)
        ).distinct()
    return services


@dataclass
class ServicePage:
    count: int
    services: list[Service]


def services_browse(
    *, text: str = "", filters: ServiceFilters | None = None, limit: int = 20, offset: int = 0
) -> ServicePage:
    """A page of active services for the filters and search text: best match first with a
    text, else by type and name."""
    filters = filters or ServiceFilters()
    services = services_filtered(filters).order_by("service_type", "name_fr", "id")
    if (text or "").strip():
        candidates = list(
            services.select_related("provider").only(
                "pk",
                "name_ar",
                "name_fr",
                "name_en",
                "search_terms",
                "provider__name_ar",
                "provider__name_fr",
                "provider__name_en",
            )
        )
        found = search_services(candidates, text)
        ids = [s.pk for s in found[offset : offset + limit]]
        by_id = Service.objects.for_listing().in_bulk(ids)
        return ServicePage(count=len(found), services=[by_id[i] for i in ids if i in by_id])
    return ServicePage(
        count=services.count(), services=list(services.for_listing()[offset : offset + limit])
    )


def service_public(pk: int) -> Service:
    return get_object_or_404(
        Service.objects.active()
        .select_related("provider", "provider__place", "provider__country", "mechanism")
        .prefetch_related("territories", "countries"),
        pk=pk,
    )


# -- Orientation ---------------------------------------------------------------------------

# The parts of a proposal's score, each worth more than all those after it together, so
# that sorting by score is sorting by: needs answered (the weakest first), place served
# (locally, then as part of a whole country), public, language, free of charge.
NEED_UNIT = 100
PLACE_UNIT = 20
AUDIENCE_POINTS = 10
LANGUAGE_POINTS = 4
FREE_POINTS = 2


@dataclass
class Proposal:
    service: Service
    score: int
    reasons: list[Promise | str] = field(default_factory=list)
    # The weak dimensions it strengthens, the weakest first.
    dimensions: list[str] = field(default_factory=list)


def fit_score(*, need_points: int, place_fit: int, specific: bool, speaks: bool, free: bool) -> int:
    """A proposal's score from its parts (see the units above): `need_points` is the sum of
    (100 - score) over the weak dimensions the service strengthens, `place_fit` 2 (a
    territory of it contains the place), 1 (the whole country) or 0."""
    return (
        need_points * NEED_UNIT
        + place_fit * PLACE_UNIT
        + (AUDIENCE_POINTS if specific else 0)
        + (LANGUAGE_POINTS if speaks else 0)
        + (FREE_POINTS if free else 0)
    )


def weak_needs(needs: dict[str, int]) -> dict[str, int]:
    """The needs: {dimension: score} of the dimensions scoring under WEAK_BELOW, weakest
    first (the diagnostics' order)."""
    known = {d: s for d, s in needs.items() if d in Dimension.values}
    return {d: known[d] for d in weak_dimensions(known)}


def _place_fit(service: Service, place) -> int:
    """2: a territory of the service contains the place; 1: its whole country is served;
    0: not served."""
    if place is None:
        return 1
    chain = {p.pk for p in place.ancestors()}
    if any(t.pk in chain for t in service.territories.all()):
        return 2
    if any(c.pk == place.country_id for c in service.countries.all()):
        return 1
    return 0


def services_proposed(
    *,
    needs: dict[str, int],
    place,
    audiences: set[str],
    language: str | None = None,
    limit: int = 10,
) -> list[Proposal]:
    """The active services that fit a person's (or an organisation's) weak dimensions,
    place and public, best first, each with its score and the reasons for it.

    `needs` maps dimension codes to scores (0-100); those under WEAK_BELOW are the needs.
    A service fits when its type strengthens at least one of them (any service fits when
    there is no need), it serves `place` (a territory containing it, or its whole
    country; any place when None), and it is open to anyone or to one of `audiences`.
    """
    weak = weak_needs(needs)
    labels = dict(Dimension.choices)
    services = (
        Service.objects.active()
        .select_related("provider")
        .prefetch_related("territories", "countries")
    )
    if place is not None:
        services = services.serving(place)
    proposals = []
    for service in services:
        served = [d for d in weak if d in STRENGTHENS.get(service.service_type, ())]
        if weak and not served:
            continue
        place_fit = _place_fit(service, place)
        if place_fit == 0:
            continue
        offered_to = set(service.audience_list)
        specific = offered_to & set(audiences)
        if Audience.ANY not in offered_to and not specific:
            continue
        reasons: list = []
        need_points = sum(100 - weak[d] for d in served)
        for d in served:
            reasons.append(
                _("strengthens %(dimension)s (score %(score)s/100)")
                % {"dimension": labels[d], "score": weak[d]}
            )
        if place is not None:
            if place_fit == 2:
                reasons.append(_("serves %(place)s") % {"place": place.name})
            else:
                reasons.append(_("serves the whole country"))
        if specific:
            reasons.append(
                _("meant for %(public)s")
                % {"public": ", ".join(str(Audience(a).label) for a in sorted(specific))}
            )
        speaks = bool(language) and language in service.language_list
        if speaks:
            reasons.append(
                _("offered in %(language)s") % {"language": ServiceLanguage(language).label}
            )
        if service.is_free:
            reasons.append(_("free of charge"))
        score = fit_score(
            need_points=need_points,
            place_fit=place_fit,
            specific=bool(specific),
            speaks=speaks,
            free=service.is_free,
        )
        proposals.append(Proposal(service=service, score=score, reasons=reasons, dimensions=served))
    proposals.sort(key=lambda p: (-p.score, p.service.name_fr, p.service.pk))
    return proposals[:limit]


# -- Referrals -----------------------------------------------------------------------------


def referrals_for(user, action: str = "referral.view") -> QuerySet[Referral]:
    """The referrals of the mechanisms where `user` may do `action`."""
    return scoped(Referral.objects.all(), user, action)


def referrals_listing(user, mechanism) -> QuerySet[Referral]:
    """A mechanism's referrals as its list shows them (a fixed number of queries)."""
    return (
        referrals_for(user)
        .filter(mechanism=mechanism)
        .select_related("person", "actor", "service", "service__provider", "sent_by")
        .prefetch_related(Prefetch("events", queryset=ReferralEvent.objects.select_related("by")))
    )


def referral_for(user, pk: int, mechanism, action: str = "referral.view") -> Referral:
    return get_object_or_404(referrals_for(user, action).filter(mechanism=mechanism), pk=pk)
