"""The review queue of probable duplicates, for staff: pairs side by side, merge field by
field or "not the same", and the history of merges with undo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import allowed_to
from tadamun.directory.models import Actor
from tadamun.duplicates.models import Candidate, Merge
from tadamun.duplicates.reasons import reason_list
from tadamun.duplicates.selectors import pair_rows
from tadamun.duplicates.services import (
    MERGE_GROUPS,
    SECTORS,
    actors_merge,
    candidate_dismiss,
    default_choices,
    merge_undo,
)

PAGE_SIZE = 50


@allowed_to("duplicates.review")
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(Candidate.objects.for_review(), PAGE_SIZE).get_page(request.GET.get("page"))
    for candidate in page:
        candidate.reason_labels = reason_list(candidate.reasons)
    return render(request, "duplicates/queue.html", {"page": page})


def _flip(choice: str) -> str:
    return {"a": "b", "b": "a"}.get(choice, choice)


@allowed_to("duplicates.review")
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        Candidate.objects.pending().select_related("actor_a", "actor_b"), pk=pk
    )
    a = Actor.objects.for_detail().get(pk=candidate.actor_a_id)
    b = Actor.objects.for_detail().get(pk=candidate.actor_b_id)
    if request.method == "POST":
        if request.POST.get("action") == "distinct":
            candidate_dismiss(candidate=candidate, by=request.user)
            messages.success(request, _("Marked as two different organisations."))
            return redirect("duplicates:queue")
        keep_b = request.POST.get("keep") == "b"
        choices = {}
        for group_name in [*MERGE_GROUPS, SECTORS]:
            choice = request.POST.get(f"choice_{group_name}", "a")
            choices[group_name] = _flip(choice) if keep_b else choice
        survivor, merged = (b, a) if keep_b else (a, b)
        try:
            actors_merge(survivor=survivor, merged=merged, choices=choices, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("duplicates:pair", pk=pk)
        messages.success(
            request,
            _("Merged into %(name)s. The merge can be undone from the history.")
            % {"name": survivor.name},
        )
        return redirect("duplicates:queue")
    return render(
        request,
        "duplicates/pair.html",
        {
            "candidate": candidate,
            "a": a,
            "b": b,
            "rows": pair_rows(a, b, default_choices(a, b)),
            "reasons": reason_list(candidate.reasons),
        },
    )


@allowed_to("duplicates.review")
def merges(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        Merge.objects.select_related("survivor", "merged_by", "undone_by"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "duplicates/merges.html", {"page": page})


@allowed_to("duplicates.review")
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(Merge, pk=pk)
    try:
        merge_undo(merge=merge, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The merge was undone: both actors are back."))
    return redirect("duplicates:merges")
