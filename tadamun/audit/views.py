from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tadamun.accounts.permissions import require
from tadamun.audit.models import AuditEntry
from tadamun.audit.selectors import audit_trail_for
from tadamun.mechanisms.selectors import mechanisms_for

PER_PAGE = 100


def trail(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view")
    mechanisms = mechanisms_for(request.user, "audit.view")
    chosen = request.GET.get("mechanism")
    mechanism_id = int(chosen) if chosen and chosen.isdigit() else None
    entries = audit_trail_for(request.user, mechanism_id)
    action = request.GET.get("action")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {
            "page": page,
            "mechanisms": mechanisms,
            "mechanism_id": mechanism_id,
            "actions": AuditEntry.Action.choices,
            "action": action,
        },
    )
