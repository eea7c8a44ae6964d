"""The numbers of the one-stop shop, for the staff who may see statistics (never names)."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import allowed_to, can, mechanism_ids
from tadamun.core.forms import form_errors_from
from tadamun.core.spreadsheets import spreadsheet_safe
from tadamun.mechanisms.models import Mechanism
from tadamun.mechanisms.selectors import mechanisms_for
from tadamun.observatory import services
from tadamun.observatory.forms import NumbersForm, TargetForm
from tadamun.observatory.iati import iati_activities
from tadamun.observatory.numbers import Numbers, numbers_for
from tadamun.observatory.selectors import target_settable, targets_for, targets_progress


def _numbers(request) -> tuple[NumbersForm, Numbers | None]:
    """The form read from the query string (empty: this year, all one's mechanisms) and
    the numbers it asks for, within the mechanisms whose statistics the user may see."""
    allowed = mechanism_ids(request.user, "statistics.view")
    mechanisms = Mechanism.objects.order_by("name_fr")
    if allowed is not None:
        mechanisms = mechanisms.filter(pk__in=allowed)
    form = NumbersForm(request.GET, mechanisms=list(mechanisms))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    numbers = numbers_for(
        request.user,
        start=data["start"],
        end=data["end"],
        mechanism=form.mechanisms.get(data.get("mechanism") or ""),
        by=data.get("by") or None,
        hide_small=data.get("hide_small", False),
    )
    return form, numbers


def _csv_response(filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheets read the Arabic labels as UTF-8
    return response


@allowed_to("statistics.view")
def numbers(request):
    form, result = _numbers(request)
    query = request.GET.urlencode()
    return render(
        request, "observatory/numbers.html", {"form": form, "numbers": result, "query": query}
    )


@allowed_to("statistics.view")
def numbers_csv(request):
    form, result = _numbers(request)
    if result is None:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    response = _csv_response("tadamun-numbers.csv")
    writer = csv.writer(response)
    writer.writerow([_("measure"), _("total"), *[str(c.label) for c in result.columns]])
    hidden = f"<{result.hidden_below}"
    for row in result.rows:
        cells = [row.total, *row.cells]
        writer.writerow([str(row.label), *(hidden if n is None else n for n in cells)])
    return response


@allowed_to("statistics.view")
def targets(request):
    """The targets of the mechanisms one follows, how far each has come, and (for who may
    set them) a form to add one."""
    user = request.user
    form = None
    if can(user, "target.set"):
        form = TargetForm(
            request.POST if request.method == "POST" else None,
            mechanisms=list(mechanisms_for(user, "target.set").order_by("name_fr")),
            everywhere=target_settable(user, None),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.target_set(by=user, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The target is set."))
                return redirect("observatory:targets")
    elif request.method == "POST":
        raise Http404
    status = 400 if form is not None and form.errors else 200
    context = {"progress": targets_progress(user), "form": form}
    return render(request, "observatory/targets.html", context, status=status)


@allowed_to("statistics.view")
def targets_csv(request):
    """The targets page's table, with the API's columns."""
    rows = [progress.as_dict() for progress in targets_progress(request.user)]
    response = _csv_response("tadamun-targets.csv")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("measure"),
            _("code"),
            _("mechanism"),
            _("from"),
            _("to"),
            _("target"),
            _("reached"),
            _("share (%)"),
            _("counted to"),
            _("note"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                spreadsheet_safe(row["label"]),
                row["measure"],
                spreadsheet_safe(row["mechanism"] or _("all mechanisms together")),
                row["from"],
                row["to"],
                row["target"],
                row["reached"],
                row["percent"],
                row["counted_to"] or "",
                spreadsheet_safe(row["note"]),
            ]
        )
    return response


@allowed_to("statistics.view")
def targets_iati(request):
    """The targets as IATI activities (`observatory.iati`), to attach to a donor report."""
    document = iati_activities(request.user)
    if document is None:
        raise Http404(_("No target is set for the mechanisms you follow."))
    response = HttpResponse(document, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tadamun-targets-iati.xml"'
    return response


@require_POST
@allowed_to("target.set")
def target_delete(request, pk: int):
    target = get_object_or_404(targets_for(request.user, "target.set"), pk=pk)
    services.target_delete(target=target, by=request.user)
    messages.success(request, _("The target is deleted."))
    return redirect("observatory:targets")
