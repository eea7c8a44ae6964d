"""Reading diagnostics and questionnaires.

Those that depend on who asks go through the permission matrix (`diagnostics_for`,
`questionnaires_for`); the others (`diagnostic_latest`, `diagnostic_profile`,
`weak_dimensions`, `diagnostics_compare`) take objects the caller already may see, for
orientation and the profile pages.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from tadamun.accounts.permissions import scoped
from tadamun.diagnostics.dimensions import WEAK_BELOW, Dimension
from tadamun.diagnostics.models import (
    CHOICE_KINDS,
    Diagnostic,
    Questionnaire,
    QuestionnaireVersion,
    VersionStatus,
)
from tadamun.diagnostics.scoring import profile_of

DIMENSION_ORDER = {code: index for index, code in enumerate(Dimension.values)}


def diagnostics_for(user, action: str = "diagnostic.view") -> QuerySet[Diagnostic]:
    """The diagnostics of the mechanisms where `user` may do `action`."""
    return scoped(Diagnostic.objects.all(), user, action)


def diagnostic_for(user, mechanism, pk: int, action: str = "diagnostic.view") -> Diagnostic:
    """One diagnostic of `mechanism` that `user` may do `action` on; 404 otherwise."""
    return get_object_or_404(
        diagnostics_for(user, action).select_related(
            "mechanism", "version__questionnaire", "person", "actor", "started_by"
        ),
        pk=pk,
        mechanism=mechanism,
    )


def diagnostics_of_mechanism(mechanism) -> QuerySet[Diagnostic]:
    """The list page's rows, with what it shows, in a fixed number of queries."""
    return (
        Diagnostic.objects.filter(mechanism=mechanism)
        .select_related("version__questionnaire", "person", "actor", "started_by")
        .annotate(answered=Count("answers"))
        .order_by("-started_at", "-id")
    )


def questionnaires_for(mechanism) -> QuerySet[Questionnaire]:
    """The platform's questionnaires and `mechanism`'s own, with their versions."""
    return (
        Questionnaire.objects.filter(Q(mechanism__isnull=True) | Q(mechanism=mechanism))
        .prefetch_related("versions")
        .order_by("mechanism_id", "slug")
    )


def versions_usable(mechanism) -> QuerySet[QuestionnaireVersion]:
    """The versions a diagnostic of `mechanism` can be started with."""
    return (
        QuestionnaireVersion.objects.usable_by(mechanism)
        .select_related("questionnaire")
        .order_by("questionnaire__mechanism_id", "questionnaire__slug", "-number")
    )


def version_in(mechanism, pk: int) -> QuestionnaireVersion:
    """A version of the platform's or `mechanism`'s questionnaires; 404 otherwise."""
    return get_object_or_404(
        QuestionnaireVersion.objects.select_related("questionnaire").filter(
            Q(questionnaire__mechanism__isnull=True) | Q(questionnaire__mechanism=mechanism)
        ),
        pk=pk,
    )


def version_content(version: QuestionnaireVersion):
    """Its sections, each with its questions and their choices (three queries)."""
    return list(version.sections.order_by("position", "pk").prefetch_related("questions__choices"))


# -- Profiles --------------------------------------------------------------------------


def diagnostic_latest(*, person=None, actor=None) -> Diagnostic | None:
    """The latest completed diagnostic of `person` or of `actor`."""
    if (person is None) == (actor is None):
        raise ValueError("Give a person or an actor")
    return (
        Diagnostic.objects.completed()
        .of_subject(person=person, actor=actor)
        .order_by("-completed_at", "-pk")
        .first()
    )


def diagnostic_previous(diagnostic: Diagnostic) -> Diagnostic | None:
    """The completed diagnostic of the same person or organisation before this one."""
    if diagnostic.completed_at is None:
        before = Diagnostic.objects.completed()
    else:
        before = Diagnostic.objects.completed().filter(
            Q(completed_at__lt=diagnostic.completed_at)
            | Q(completed_at=diagnostic.completed_at, pk__lt=diagnostic.pk)
        )
    return (
        before.of_subject(
            person=diagnostic.person if diagnostic.person_id else None, actor=diagnostic.actor
        )
        .exclude(pk=diagnostic.pk)
        .select_related("version__questionnaire")
        .order_by("-completed_at", "-pk")
        .first()
    )


def diagnostic_profile(diagnostic: Diagnostic) -> dict[str, int]:
    """{dimension: score 0..100}: as kept at completion, or from the answers so far for a
    diagnostic in progress. Dimensions without an answered question are absent."""
    if diagnostic.status == Diagnostic.Status.COMPLETED:
        return {dim: int(value) for dim, value in diagnostic.profile.items()}
    from tadamun.diagnostics.services import diagnostic_results

    return profile_of(diagnostic_results(diagnostic))


def weak_dimensions(profile: dict[str, int]) -> list[str]:
    """The dimensions scoring under `WEAK_BELOW`, weakest first (ties in the vocabulary's
    order)."""
    weak = [dim for dim, value in profile.items() if value < WEAK_BELOW]
    return sorted(weak, key=lambda dim: (profile[dim], DIMENSION_ORDER.get(dim, 99)))


@dataclass(frozen=True)
class DimensionRow:
    dimension: str
    label: str
    score: int | None
    weak: bool
    previous: int | None = None
    answered: int | None = None
    asked: int | None = None

    @property
    def delta(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def delta_text(self) -> str:
        return signed(self.delta)


def profile_rows(
    profile: dict[str, int],
    previous: dict[str, int] | None = None,
    details: dict[str, dict] | None = None,
):
    """Every dimension as a row for the profile page: scored ones weakest first, then
    those not assessed; with the previous score and the questions answered if known."""
    previous, details = previous or {}, details or {}
    rows = [
        DimensionRow(
            dimension=dim,
            label=str(Dimension(dim).label),
            score=profile.get(dim),
            weak=dim in profile and profile[dim] < WEAK_BELOW,
            previous=previous.get(dim),
            answered=details.get(dim, {}).get("answered"),
            asked=details.get(dim, {}).get("asked"),
        )
        for dim in Dimension.values
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.score is None,
            r.score if r.score is not None else 0,
            DIMENSION_ORDER[r.dimension],
        ),
    )


@dataclass(frozen=True)
class Comparison:
    dimension: str
    label: str
    earlier: int | None
    later: int | None

    @property
    def delta(self) -> int | None:
        if self.earlier is None or self.later is None:
            return None
        return self.later - self.earlier

    @property
    def delta_text(self) -> str:
        return signed(self.delta)


def signed(number: int | None) -> str:
    """+12, −5 (a true minus sign), 0; "" for none."""
    if number is None:
        return ""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"\u2212{-number}"
    return "0"


def diagnostics_compare(earlier: Diagnostic, later: Diagnostic) -> list[Comparison]:
    """Dimension by dimension (in the vocabulary's order), the two scores and the change."""
    before, after = diagnostic_profile(earlier), diagnostic_profile(later)
    return [
        Comparison(
            dimension=dim,
            label=str(Dimension(dim).label),
            earlier=before.get(dim),
            later=after.get(dim),
        )
        for dim in Dimension.values
        if dim in before or dim in after
    ]


def answer_text(question, value) -> str:
    """An answer as the reader reads it: the chosen choices' labels, the number, the text."""
    from tadamun.core.i18n import localized

    if question.kind in CHOICE_KINDS:
        ids = value if isinstance(value, list) else [value]
        labels = {choice.pk: localized(choice, "label") for choice in question.choices.all()}
        return "; ".join(labels.get(i, "?") for i in ids)
    return str(value)


def answers_by_section(diagnostic: Diagnostic):
    """[(section, [(question, answer text or "")])] of the diagnostic's version."""
    values = dict(diagnostic.answers.values_list("question_id", "value"))
    return [
        (
            section,
            [
                (
                    question,
                    answer_text(question, values[question.pk]) if question.pk in values else "",
                )
                for question in section.questions.all()
            ],
        )
        for section in version_content(diagnostic.version)
    ]


def versions_of(questionnaire: Questionnaire) -> QuerySet[QuestionnaireVersion]:
    return questionnaire.versions.annotate(used=Count("diagnostics")).order_by("-number")


__all__ = [
    "VersionStatus",
    "diagnostic_latest",
    "diagnostic_profile",
    "diagnostics_compare",
    "weak_dimensions",
]
