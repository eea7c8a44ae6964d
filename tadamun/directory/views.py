"""Public pages of the directory: the list with its search and filters, and actor pages.
Open-data downloads of the same lists are in `opendata.py`."""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tadamun.core.i18n import current_language
from tadamun.directory.filters import filter_choices, page_search
from tadamun.directory.models import Actor
from tadamun.search.services import actor_facets, actor_search


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _page_links(current: int, last: int) -> list[int | None]:
    """Page numbers to show around the current one; None marks a gap."""
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links: list[int | None] = []
    for number in shown:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links


def actor_list(request: HttpRequest) -> HttpResponse:
    asked = page_search(request.GET)
    text, filters, error = asked.text, asked.filters, asked.error
    page_size = settings.TADAMUN_DIRECTORY_PAGE_SIZE
    number = _page_number(request.GET.get("page"))
    page = actor_search(
        text=text,
        filters=filters,
        limit=page_size,
        offset=(number - 1) * page_size,
        language=current_language(),
    )
    last = max(1, math.ceil(page.count / page_size))
    context = {
        "text": text,
        "filters": filters,
        "error": error,
        "page": page,
        "number": number,
        "last": last,
        "page_links": _page_links(min(number, last), last),
        "export_query": asked.query,
        **filter_choices(
            actor_facets(text=text, filters=filters, expression=page.expression)
            if page.count_exact
            else None,
            filters,
        ),
    }
    return render(request, "directory/actor_list.html", context, status=400 if error else 200)


def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.for_detail(), pk=pk)
    services = list(actor.services.filter(is_active=True).order_by("service_type", "name_fr"))
    return render(request, "directory/actor_detail.html", {"actor": actor, "services": services})
