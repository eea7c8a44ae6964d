"""The numbers of the one-stop shop, for the staff who may see statistics (never names)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import allowed_to, mechanism_ids
from tadamun.mechanisms.models import Mechanism
from tadamun.observatory.forms import NumbersForm
from tadamun.observatory.numbers import Numbers, numbers_for


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
    )
    return form, numbers


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tadamun-numbers.csv"'
    response.write("\ufeff")  # so that spreadsheets read the Arabic labels as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("measure"), _("total"), *[str(c.label) for c in result.columns]])
    for row in result.rows:
        writer.writerow([str(row.label), row.total, *row.cells])
    return response
