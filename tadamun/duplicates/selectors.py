"""Reads of the duplicates: the review queue, a pair side by side, the export."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tadamun.directory.models import Actor, ActorSource
from tadamun.duplicates.models import Candidate
from tadamun.duplicates.services import MERGE_GROUPS, SECTORS


def first_source_ids(actor_ids: set[int]) -> dict[int, str]:
    """The source id each actor was first imported with."""
    found: dict[int, str] = {}
    ids = sorted(actor_ids)
    for start in range(0, len(ids), 900):
        rows = (
            ActorSource.objects.filter(actor_id__in=ids[start : start + 900])
            .order_by("actor_id", "added_at", "pk")
            .values_list("actor_id", "source_id")
        )
        for actor_id, source_id in rows:
            found.setdefault(actor_id, source_id)
    return found


def pending_pairs_by_source_id() -> Iterator[tuple[str, str, float]]:
    """Pending pairs, best first, each actor named by its first source id (or `actor:<id>`
    for an actor entered by hand)."""
    pairs = list(
        Candidate.objects.pending()
        .order_by("-score", "actor_a_id", "actor_b_id")
        .values_list("actor_a_id", "actor_b_id", "score")
    )
    names = first_source_ids({i for a, b, _s in pairs for i in (a, b)})
    for a, b, score in pairs:
        yield names.get(a, f"actor:{a}"), names.get(b, f"actor:{b}"), score


def _display(actor: Actor, group_name: str) -> str:
    if group_name == "legal_form":
        return actor.legal_form.name if actor.legal_form else ""
    if group_name == "status":
        return str(actor.get_status_display())
    if group_name == "place":
        where = actor.place.name if actor.place else ""
        return ", ".join(x for x in (where, actor.country.name) if x)
    if group_name == "coordinates":
        if actor.latitude is None:
            return ""
        return f"{actor.latitude:.5f}, {actor.longitude:.5f}"
    if group_name == "members":
        if actor.members_total is None:
            return ""
        return _("%(women)s women, %(men)s men") % {
            "women": actor.members_women or 0,
            "men": actor.members_men or 0,
        }
    if group_name in ("women_led", "youth_led"):
        return _("yes") if getattr(actor, group_name) else _("no")
    value = getattr(actor, group_name)
    return "" if value is None else str(value)


def _label(group_name: str) -> str:
    if group_name == "coordinates":
        return _("Coordinates")
    if group_name == "members":
        return _("Members")
    if group_name == "place":
        return _("Place")
    return str(Actor._meta.get_field(group_name).verbose_name)


@dataclass
class PairRow:
    name: str
    label: str
    a: str
    b: str
    choice: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


def pair_rows(a: Actor, b: Actor, choices: dict[str, str]) -> list[PairRow]:
    """The two actors field by field, for the side-by-side review."""
    rows = [PairRow(g, _label(g), _display(a, g), _display(b, g), choices[g]) for g in MERGE_GROUPS]
    rows.append(
        PairRow(
            SECTORS,
            _("Sectors"),
            ", ".join(s.name for s in a.sectors.all()),
            ", ".join(s.name for s in b.sectors.all()),
            choices[SECTORS],
        )
    )
    return rows
