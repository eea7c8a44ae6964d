"""The targets and their progress as IATI activities (IATI Activity Standard 2.03), for the
funders' reporting systems.

One activity per mechanism followed (and one for all mechanisms together when such
targets exist): its identifier is the reporting organisation's IATI identifier (settings
`TADAMUN_IATI_ORG_REF`, `_NAME`, `_TYPE`) followed by the mechanism's short name, its
title the mechanism's name in Arabic, French and English, its country the mechanism's.
Each measure with targets is a result (an output) with one indicator counted in units;
each target is a period of that indicator with its target value and, once the period has
begun, the actual value the numbers counted over it (the same figures as the targets page
and the API), then the same by the sex and by the age band of the people counted (a
`dimension` "sex": female, male or other; "age": 18-24, 25-34…; "territory": the region
or governorate, by its ISO 3166-2 code), small counts hidden as for any published table. The XML is
checked against the official schema in the tests.
"""

from collections import defaultdict
from datetime import datetime
from xml.etree import ElementTree

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadamun.observatory.numbers import UNKNOWN_KEY, desk_numbers, small_counts_hidden
from tadamun.observatory.selectors import LABELS, Progress, targets_progress
from tadamun.people.ages import AGE_BANDS

IATI_VERSION = "2.03"
LANGUAGES = ("ar", "fr", "en")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Codes of the IATI code lists.
OUTPUT = "1"  # ResultType
UNIT = "1"  # IndicatorMeasure
IMPLEMENTING = "4"  # OrganisationRole
IMPLEMENTATION = "2"  # ActivityStatus
PLANNED_START, PLANNED_END = "1", "3"  # ActivityDateType
ALL = "all"  # the short name of all mechanisms together
# The breakdowns of the numbers the actual values are disaggregated by: the dimension's
# name, and the value it gives each group (those not known are left out; None: the
# group's own code, a region or governorate's ISO 3166-2 code).
DIMENSIONS = (
    ("gender", "sex", {"woman": "female", "man": "male", "other": "other"}),
    ("age_band", "age", {band.code: band.code.replace("_", "-") for band in AGE_BANDS}),
    ("territory", "territory", None),
)


def _add_narratives(element: ElementTree.Element, texts: dict[str, str]) -> None:
    """A narrative in `element` per language ("": the document's) that has a text."""
    for language, text in texts.items():
        if text:
            attributes = {XML_LANG: language} if language else {}
            ElementTree.SubElement(element, "narrative", attributes).text = str(text)


def _narratives(parent: ElementTree.Element, tag: str, texts: dict[str, str]) -> None:
    _add_narratives(ElementTree.SubElement(parent, tag), texts)


def _in_each_language(make) -> dict[str, str]:
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(make())
    return texts


class _Dimensions:
    """The actual values of each measure by the sex, the age band and the region or
    governorate of the people counted, over a target's period, as published: small counts hidden
    (`small_counts_hidden`) and left out. One count of the numbers per breakdown and
    distinct mechanism and period."""

    def __init__(self) -> None:
        self.found: dict[tuple, dict[str, dict[str, int | None]]] = {}

    def _counts(self, item: Progress, by: str) -> dict[str, int | None]:
        target = item.target
        key = (by, target.mechanism_id, target.start, item.until)
        if key not in self.found:
            scope = None if target.mechanism_id is None else {target.mechanism_id}
            numbers = desk_numbers(mechanism_ids=scope, start=target.start, end=item.until, by=by)
            numbers = small_counts_hidden(numbers, below=settings.TADAMUN_SMALLEST_SHOWN)
            self.found[key] = {row.code: row.counts for row in numbers.rows}
        return self.found[key].get(target.measure, {})

    def __call__(self, item: Progress) -> list[tuple[str, str, int]]:
        """(dimension's name, its value, the count) of each group shown."""
        found = []
        for by, name, values in DIMENSIONS:
            counts = self._counts(item, by)
            if values is None:
                values = {key: key for key in sorted(counts) if key != UNKNOWN_KEY}
            found += [
                (name, value, counts[key])
                for key, value in values.items()
                if counts.get(key) is not None
            ]
        return found


def _activity(root, mechanism, progress: list[Progress], dimensions: _Dimensions) -> None:
    org_ref = settings.TADAMUN_IATI_ORG_REF
    activity = ElementTree.SubElement(root, "iati-activity")
    slug = mechanism.slug if mechanism else ALL
    ElementTree.SubElement(activity, "iati-identifier").text = f"{org_ref}-{slug}"
    reporting = ElementTree.SubElement(
        activity, "reporting-org", {"ref": org_ref, "type": settings.TADAMUN_IATI_ORG_TYPE}
    )
    reporter = {"": settings.TADAMUN_IATI_ORG_NAME}
    _add_narratives(reporting, reporter)
    if mechanism:
        names = {"ar": mechanism.name_ar, "fr": mechanism.name_fr, "en": mechanism.name_en}
    else:
        names = _in_each_language(lambda: _("All mechanisms together"))
    _narratives(activity, "title", names)
    _narratives(
        activity,
        "description",
        _in_each_language(
            lambda: _(
                "The one-stop shop of the social and solidarity economy: requests, needs "
                "diagnostics, orientation and accompaniment, and what they created, against "
                "the targets of the indicator framework."
            )
        ),
    )
    # Who implements it: the mechanism, or the reporting organisation for all of them.
    implementer = {"role": IMPLEMENTING} | ({} if mechanism else {"ref": org_ref})
    participating = ElementTree.SubElement(activity, "participating-org", implementer)
    _add_narratives(participating, names if mechanism else reporter)
    ElementTree.SubElement(activity, "activity-status", {"code": IMPLEMENTATION})
    start = min(p.target.start for p in progress)
    end = max(p.target.end for p in progress)
    ElementTree.SubElement(
        activity, "activity-date", {"type": PLANNED_START, "iso-date": start.isoformat()}
    )
    ElementTree.SubElement(
        activity, "activity-date", {"type": PLANNED_END, "iso-date": end.isoformat()}
    )
    if mechanism:
        ElementTree.SubElement(
            activity, "recipient-country", {"code": mechanism.country_id, "percentage": "100"}
        )
    by_measure: dict[str, list[Progress]] = defaultdict(list)
    for item in progress:
        by_measure[item.target.measure].append(item)
    for measure, items in by_measure.items():
        label = _in_each_language(lambda measure=measure: LABELS.get(measure, measure))
        result = ElementTree.SubElement(
            activity, "result", {"type": OUTPUT, "aggregation-status": "1"}
        )
        _narratives(result, "title", label)
        indicator = ElementTree.SubElement(result, "indicator", {"measure": UNIT, "ascending": "1"})
        _narratives(indicator, "title", label)
        ElementTree.SubElement(indicator, "reference", {"vocabulary": "99", "code": measure})
        for item in sorted(items, key=lambda p: (p.target.start, p.target.end)):
            period = ElementTree.SubElement(indicator, "period")
            ElementTree.SubElement(
                period, "period-start", {"iso-date": item.target.start.isoformat()}
            )
            ElementTree.SubElement(period, "period-end", {"iso-date": item.target.end.isoformat()})
            target = ElementTree.SubElement(period, "target", {"value": str(item.target.value)})
            if item.target.note:
                comment = ElementTree.SubElement(target, "comment")
                ElementTree.SubElement(comment, "narrative").text = item.target.note
            if item.until is not None:
                ElementTree.SubElement(period, "actual", {"value": str(item.reached)})
                for name, value, count in dimensions(item):
                    actual = ElementTree.SubElement(period, "actual", {"value": str(count)})
                    ElementTree.SubElement(actual, "dimension", {"name": name, "value": value})


def iati_activities(user, *, now: datetime | None = None) -> bytes | None:
    """The targets `user` may see (`targets_progress`) as an `iati-activities` document;
    None when there is none (the standard wants at least one activity)."""
    now = now or timezone.now()
    root = ElementTree.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": now.replace(microsecond=0).isoformat()},
    )
    groups: dict[object, list[Progress]] = defaultdict(list)
    for item in targets_progress(user, today=timezone.localdate(now)):
        groups[item.target.mechanism_id].append(item)
    if not groups:
        return None
    dimensions = _Dimensions()
    for mechanism_id in sorted(groups, key=lambda pk: (pk is not None, pk or 0)):
        items = groups[mechanism_id]
        _activity(root, items[0].target.mechanism, items, dimensions)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
