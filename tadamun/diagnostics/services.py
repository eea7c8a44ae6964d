"""Writing questionnaires and diagnostics.

Questionnaires: only a draft version changes; a version's status moves only as
`models.TRANSITIONS` allows, each move logged (`VersionTransition`); publishing a version
retires the one published before it. A mechanism's coordinators write their mechanism's
questionnaires; the platform-wide ones come with Tadamun (migrations) and a mechanism
adapts one by copying it (`questionnaire_copy`).

Diagnostics: started with a published version for a person of the mechanism or an
organisation of the directory, answered a page at a time, completed once; completing
stores the profile on the diagnostic. Every write about a person is in the audit trail.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import mechanism_ids, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.fields import fields_set
from tadamun.diagnostics.dimensions import Dimension
from tadamun.diagnostics.models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    TRANSITIONS,
    Answer,
    Choice,
    Diagnostic,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Section,
    VersionStatus,
    VersionTransition,
)
from tadamun.diagnostics.scoring import (
    SCALE_MAX,
    SCALE_MIN,
    _decimal,
    _int,
    is_blank,
    profile_of,
    score,
)
from tadamun.diagnostics.specs import version_specs

LANGS = ("ar", "fr", "en")
QUESTIONNAIRE_FIELDS = {f"{name}_{code}" for name in ("title", "intro") for code in LANGS}
SECTION_FIELDS = QUESTIONNAIRE_FIELDS
QUESTION_FIELDS = {f"{name}_{code}" for name in ("text", "help") for code in LANGS} | {
    "kind",
    "dimension",
    "weight",
}
CHOICE_FIELDS = {f"label_{code}" for code in LANGS} | {"points", "at_least"}
SHORT_TEXT_MAX, LONG_TEXT_MAX = 300, 5000


# -- Who may edit ----------------------------------------------------------------------


def _require_edit(by, questionnaire: Questionnaire) -> None:
    """A mechanism's questionnaire: its coordinators; a platform-wide one: only a role
    with the action over every mechanism (none today: they come with Tadamun)."""
    if questionnaire.mechanism_id is None:
        if by is None:
            return  # Tadamun's own loaders
        if mechanism_ids(by, "questionnaire.edit") is not None:
            raise Http404
        return
    require(by, "questionnaire.edit", questionnaire.mechanism_id)


def _require_draft(version: QuestionnaireVersion) -> None:
    # Read from the database, locked: the object at hand may be older than a publication.
    status = (
        QuestionnaireVersion.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=version.pk)
    )
    if status != VersionStatus.DRAFT:
        raise ValidationError(
            _("A published version is frozen: make a new draft from it to change it."),
            code="frozen",
        )


def _require_some_language(obj, field: str, message: str) -> None:
    if not any(getattr(obj, f"{field}_{code}") for code in LANGS):
        raise ValidationError({f"{field}_fr": message}, code="required")


# -- Questionnaires and versions -------------------------------------------------------


def _log(version: QuestionnaireVersion, from_status: str, to_status: str, by) -> None:
    VersionTransition.objects.create(
        version=version,
        from_status=from_status,
        to_status=to_status,
        by=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def questionnaire_create(*, mechanism, slug: str, fields: dict, by) -> Questionnaire:
    """A questionnaire of `mechanism` (None: platform-wide) with an empty draft version 1."""
    questionnaire = Questionnaire(mechanism=mechanism, slug=slugify(slug)[:80])
    _require_edit(by, questionnaire)
    fields_set(questionnaire, fields, allowed=QUESTIONNAIRE_FIELDS)
    if not questionnaire.slug:
        raise ValidationError({"slug": _("Give a short name.")}, code="required")
    _require_some_language(questionnaire, "title", _("Give a title in one language at least."))
    duplicate = Questionnaire.objects.filter(mechanism=mechanism, slug=questionnaire.slug)
    if duplicate.exists():
        raise ValidationError(
            {"slug": _("A questionnaire of this mechanism already has this short name.")},
            code="slug_taken",
        )
    questionnaire.save()
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=1, created_by=_staff(by)
    )
    _log(version, "", VersionStatus.DRAFT, by)
    return questionnaire


def _staff(by):
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, fields: dict, by) -> list[str]:
    """Its title and introduction (not versioned: they name it, they do not score)."""
    _require_edit(by, questionnaire)
    changed = fields_set(questionnaire, fields, allowed=QUESTIONNAIRE_FIELDS)
    if changed:
        _require_some_language(questionnaire, "title", _("Give a title in one language at least."))
        questionnaire.save(update_fields=changed)
    return changed


def _publishable(version: QuestionnaireVersion) -> None:
    questions = Question.objects.filter(section__version=version)
    if not questions.exists():
        raise ValidationError(
            _("A version needs at least one question to be published."), code="empty"
        )
    for question in questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        if question.kind in CHOICE_KINDS and len(choices) < 2:
            raise ValidationError(
                _("The question “%(question)s” needs two choices at least.")
                % {"question": question},
                code="choices",
            )
        if question.kind == QuestionKind.NUMBER and question.dimension:
            if not any(choice.at_least is not None for choice in choices):
                raise ValidationError(
                    _(
                        "The number question “%(question)s” counts towards a dimension: "
                        "give it thresholds."
                    )
                    % {"question": question}
                )


@transaction.atomic
def version_transition(*, version: QuestionnaireVersion, to: str, by) -> QuestionnaireVersion:
    """Moves `version` to status `to` if `TRANSITIONS` allows it, and logs the move.
    Publishing checks the version is complete and retires the one published before."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    questionnaire = version.questionnaire
    _require_edit(by, questionnaire)
    if to not in TRANSITIONS.get(version.status, ()):
        raise ValidationError(
            _("A %(status)s version cannot become %(to)s.")
            % {"status": version.get_status_display(), "to": VersionStatus(to).label},
            code="transition",
        )
    if to == VersionStatus.PUBLISHED:
        _publishable(version)
        for other in questionnaire.versions.published().exclude(pk=version.pk):
            version_transition(version=other, to=VersionStatus.RETIRED, by=by)
        version.published_at = timezone.now()
    before = version.status
    version.status = to
    version.save(update_fields=["status", "published_at"])
    _log(version, before, to, by)
    return version


def version_publish(*, version: QuestionnaireVersion, by) -> QuestionnaireVersion:
    return version_transition(version=version, to=VersionStatus.PUBLISHED, by=by)


def version_retire(*, version: QuestionnaireVersion, by) -> QuestionnaireVersion:
    return version_transition(version=version, to=VersionStatus.RETIRED, by=by)


def _copy_content(source: QuestionnaireVersion, target: QuestionnaireVersion) -> None:
    sections = source.sections.prefetch_related("questions__choices").order_by("position", "pk")
    for section in sections:
        new_section = Section.objects.create(
            version=target,
            position=section.position,
            **{f"{n}_{c}": getattr(section, f"{n}_{c}") for n in ("title", "intro") for c in LANGS},
        )
        for question in section.questions.all():
            new_question = Question.objects.create(
                section=new_section,
                position=question.position,
                kind=question.kind,
                dimension=question.dimension,
                weight=question.weight,
                **{
                    f"{n}_{c}": getattr(question, f"{n}_{c}")
                    for n in ("text", "help")
                    for c in LANGS
                },
            )
            Choice.objects.bulk_create(
                [
                    Choice(
                        question=new_question,
                        position=choice.position,
                        points=choice.points,
                        at_least=choice.at_least,
                        **{f"label_{c}": getattr(choice, f"label_{c}") for c in LANGS},
                    )
                    for choice in question.choices.all()
                ]
            )


@transaction.atomic
def version_draft_from(*, version: QuestionnaireVersion, by) -> QuestionnaireVersion:
    """A new draft, numbered next, holding a copy of `version`'s sections, questions and
    choices. A questionnaire has one draft at a time: if it has one, that one is returned."""
    questionnaire = version.questionnaire
    _require_edit(by, questionnaire)
    Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    existing = questionnaire.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    number = (questionnaire.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=number, based_on=version, created_by=_staff(by)
    )
    _copy_content(version, draft)
    _log(draft, "", VersionStatus.DRAFT, by)
    return draft


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire, mechanism, by) -> Questionnaire:
    """A mechanism's own questionnaire (draft version 1) copied from a platform-wide one's
    latest published version (or latest version)."""
    require(by, "questionnaire.edit", mechanism)
    if questionnaire.mechanism_id not in (None, getattr(mechanism, "pk", mechanism)):
        raise Http404
    source = questionnaire.versions.published().first() or questionnaire.versions.first()
    slug, n = questionnaire.slug, 1
    while Questionnaire.objects.filter(mechanism=mechanism, slug=slug).exists():
        n += 1
        slug = f"{questionnaire.slug}-{n}"
    fields = {name: getattr(questionnaire, name) for name in QUESTIONNAIRE_FIELDS}
    copy = questionnaire_create(mechanism=mechanism, slug=slug, fields=fields, by=by)
    if source is not None:
        _copy_content(source, copy.versions.get())
    return copy


# -- Sections, questions, choices (of a draft) ------------------------------------------


def _next_position(queryset) -> int:
    return (queryset.aggregate(p=Max("position"))["p"] or 0) + 1


@transaction.atomic
def section_add(*, version: QuestionnaireVersion, fields: dict, by) -> Section:
    _require_edit(by, version.questionnaire)
    _require_draft(version)
    section = Section(version=version, position=_next_position(version.sections))
    fields_set(section, fields, allowed=SECTION_FIELDS)
    _require_some_language(section, "title", _("Give a title in one language at least."))
    section.save()
    return section


@transaction.atomic
def section_update(*, section: Section, fields: dict, by) -> list[str]:
    _require_edit(by, section.version.questionnaire)
    _require_draft(section.version)
    changed = fields_set(section, fields, allowed=SECTION_FIELDS)
    if changed:
        _require_some_language(section, "title", _("Give a title in one language at least."))
        section.save(update_fields=changed)
    return changed


@transaction.atomic
def section_delete(*, section: Section, by) -> None:
    _require_edit(by, section.version.questionnaire)
    _require_draft(section.version)
    section.delete()


def _move(obj, siblings, offset: int) -> None:
    """Moves `obj` `offset` places among `siblings` (its queryset, it included) and
    renumbers them 1, 2, 3…"""
    items = list(siblings.order_by("position", "pk"))
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def section_move(*, section: Section, offset: int, by) -> None:
    _require_edit(by, section.version.questionnaire)
    _require_draft(section.version)
    _move(section, section.version.sections.all(), offset)


def _question_clean(question: Question) -> None:
    if question.kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")}, code="kind")
    if question.kind in TEXT_KINDS:
        question.dimension = ""
    elif question.dimension and question.dimension not in Dimension.values:
        raise ValidationError({"dimension": _("Choose a dimension.")}, code="dimension")
    _require_some_language(question, "text", _("Write the question in one language at least."))


YES_NO = (
    {"label_ar": "نعم", "label_fr": "Oui", "label_en": "Yes", "points": 1},
    {"label_ar": "لا", "label_fr": "Non", "label_en": "No", "points": 0},
)


@transaction.atomic
def question_add(*, section: Section, fields: dict, by, choices: list[dict] | None = None):
    """A question at the end of `section`; a yes/no question gets its two choices (yes: 1
    point, no: 0) unless `choices` are given."""
    _require_edit(by, section.version.questionnaire)
    _require_draft(section.version)
    question = Question(section=section, position=_next_position(section.questions))
    fields_set(question, fields, allowed=QUESTION_FIELDS)
    _question_clean(question)
    question.save()
    if choices is None and question.kind == QuestionKind.YES_NO:
        choices = [dict(choice) for choice in YES_NO]
    if choices:
        _choices_write(question, choices)
    return question


@transaction.atomic
def question_update(*, question: Question, fields: dict, by) -> list[str]:
    _require_edit(by, question.section.version.questionnaire)
    _require_draft(question.section.version)
    changed = fields_set(question, fields, allowed=QUESTION_FIELDS)
    if changed:
        _question_clean(question)
        question.save(update_fields=sorted({*changed, "dimension"}))
    return changed


@transaction.atomic
def question_delete(*, question: Question, by) -> None:
    _require_edit(by, question.section.version.questionnaire)
    _require_draft(question.section.version)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, offset: int, by) -> None:
    _require_edit(by, question.section.version.questionnaire)
    _require_draft(question.section.version)
    _move(question, question.section.questions.all(), offset)


def _choices_write(question: Question, choices: list[dict]) -> list[Choice]:
    rows = []
    for position, raw in enumerate(choices, start=1):
        choice = Choice(question=question, position=position)
        fields_set(choice, raw, allowed=CHOICE_FIELDS)
        if not any(getattr(choice, f"label_{code}") for code in LANGS):
            raise ValidationError(_("Every choice needs a label in one language at least."))
        if choice.points is None or int(choice.points) < 0:
            raise ValidationError(_("Points are a whole number, 0 or more."))
        rows.append(choice)
    return Choice.objects.bulk_create(rows)


@transaction.atomic
def choices_set(*, question: Question, choices: list[dict], by) -> list[Choice]:
    """Replaces the question's choices by `choices` (in this order)."""
    _require_edit(by, question.section.version.questionnaire)
    _require_draft(question.section.version)
    question.choices.all().delete()
    return _choices_write(question, choices)


# -- Diagnostics -----------------------------------------------------------------------


def _person_check(person) -> None:
    from tadamun.people.services import person_refuse_if_frozen

    person_refuse_if_frozen(person)


def _audit(diagnostic: Diagnostic, action: str, by, request) -> None:
    audit_record(
        request=request, user=by, mechanism=diagnostic.mechanism_id, action=action, obj=diagnostic
    )


def _touch(diagnostic: Diagnostic) -> None:
    if diagnostic.person_id:
        from tadamun.people.services import person_touch

        person_touch(person=diagnostic.person)


@transaction.atomic
def diagnostic_start(
    *,
    mechanism,
    version: QuestionnaireVersion,
    person=None,
    actor=None,
    by,
    request: HttpRequest | None = None,
) -> Diagnostic:
    """A new diagnostic of `person` (a person of `mechanism`) or of `actor` (an
    organisation of the directory), with the published `version`."""
    require(by, "diagnostic.fill", mechanism)
    mechanism_id = getattr(mechanism, "pk", mechanism)
    if (person is None) == (actor is None):
        raise ValidationError(_("A diagnostic is of one person or of one organisation."))
    if person is not None:
        if person.mechanism_id != mechanism_id:
            raise Http404
        _person_check(person)
    if not QuestionnaireVersion.objects.usable_by(mechanism_id).filter(pk=version.pk).exists():
        raise ValidationError(
            _(
                "Only a published version of this mechanism's or the platform's "
                "questionnaires can be filled in."
            ),
            code="version",
        )
    diagnostic = Diagnostic.objects.create(
        mechanism_id=mechanism_id, version=version, person=person, actor=actor, started_by=by
    )
    _audit(diagnostic, AuditEntry.Action.CREATE, by, request)
    _touch(diagnostic)
    return diagnostic


def _clean_value(question: Question, value, choice_ids: set[int]):
    """The value to store for `question`, or None to clear its answer; ValidationError
    when it cannot be an answer to it."""
    if is_blank(value):
        return None
    invalid = ValidationError(
        _("“%(question)s”: this is not one of its answers.") % {"question": question},
        code="invalid_answer",
    )
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
        number = _int(value)
        if number not in choice_ids:
            raise invalid
        return number
    if kind == QuestionKind.MULTIPLE:
        items = value if isinstance(value, list | tuple) else [value]
        ids = sorted({_int(item) for item in items})
        if not ids or any(i not in choice_ids for i in ids):
            raise invalid
        return ids
    if kind == QuestionKind.SCALE:
        number = _int(value)
        if number is None or not SCALE_MIN <= number <= SCALE_MAX:
            raise invalid
        return number
    if kind == QuestionKind.NUMBER:
        number = _decimal(value)
        if number is None or abs(number) >= Decimal("1e10"):
            raise ValidationError(
                _("“%(question)s”: give a number.") % {"question": question}, code="number"
            )
        return str(number.normalize()) if number == number.to_integral() else str(number)
    text = str(value).strip()
    limit = SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValidationError(
            _("“%(question)s”: %(limit)s characters at most.")
            % {"question": question, "limit": limit},
            code="too_long",
        )
    return text or None


def _refuse_if_completed(diagnostic: Diagnostic) -> None:
    if diagnostic.status == Diagnostic.Status.COMPLETED:
        raise ValidationError(
            _("This diagnostic is completed and kept as it was: start a new one to see progress."),
            code="completed",
        )


@transaction.atomic
def diagnostic_answer(
    *, diagnostic: Diagnostic, answers: dict, by, request: HttpRequest | None = None
) -> Diagnostic:
    """Saves `answers` ({question id: value}); an empty value clears a question's answer.
    Any subset of the questions, any number of times, until the diagnostic is completed."""
    require(by, "diagnostic.fill", diagnostic.mechanism_id)
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    _refuse_if_completed(diagnostic)
    if diagnostic.person_id:
        _person_check(diagnostic.person)
    questions = {
        q.pk: q
        for q in Question.objects.filter(
            section__version=diagnostic.version_id, pk__in=[_int(k) for k in answers]
        ).prefetch_related("choices")
    }
    existing = {a.question_id: a for a in diagnostic.answers.filter(question__in=questions)}
    now = timezone.now()
    to_create, to_update, to_delete = [], [], []
    for key, raw in answers.items():
        question = questions.get(_int(key))
        if question is None:
            raise ValidationError(_("This question is not in this diagnostic's questionnaire."))
        value = _clean_value(question, raw, {c.pk for c in question.choices.all()})
        answer = existing.get(question.pk)
        if value is None:
            if answer is not None:
                to_delete.append(answer.pk)
        elif answer is None:
            to_create.append(
                Answer(
                    diagnostic=diagnostic,
                    question=question,
                    value=value,
                    answered_by=by,
                    answered_at=now,
                )
            )
        elif answer.value != value:
            answer.value, answer.answered_by, answer.answered_at = value, by, now
            to_update.append(answer)
    Answer.objects.filter(pk__in=to_delete).delete()
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(to_update, ["value", "answered_by", "answered_at"])
    if to_create or to_update or to_delete:
        _audit(diagnostic, AuditEntry.Action.CHANGE, by, request)
    return diagnostic


def diagnostic_results(diagnostic: Diagnostic):
    """Per dimension, what the diagnostic's current answers obtain (scoring.DimensionResult)."""
    answers = dict(diagnostic.answers.values_list("question_id", "value"))
    return score(version_specs(diagnostic.version_id), answers)


def profile_store(diagnostic: Diagnostic, *, by, at=None) -> None:
    """Computes the profile from the answers and keeps it; the diagnostic is completed.
    (No permission check: `diagnostic_complete` is the way in; the demo loader uses it.)"""
    results = diagnostic_results(diagnostic)
    diagnostic.profile = profile_of(results)
    diagnostic.profile_details = {
        dim: {
            "obtained": r.obtained,
            "possible": r.possible,
            "answered": r.answered,
            "asked": r.asked,
        }
        for dim, r in results.items()
    }
    diagnostic.status = Diagnostic.Status.COMPLETED
    diagnostic.completed_by = by
    diagnostic.completed_at = at or timezone.now()
    diagnostic.save(
        update_fields=["profile", "profile_details", "status", "completed_by", "completed_at"]
    )


@transaction.atomic
def diagnostic_complete(
    *, diagnostic: Diagnostic, by, request: HttpRequest | None = None
) -> Diagnostic:
    """Computes the profile and keeps it on the diagnostic, which can no longer change."""
    require(by, "diagnostic.fill", diagnostic.mechanism_id)
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    _refuse_if_completed(diagnostic)
    if diagnostic.person_id:
        _person_check(diagnostic.person)
    profile_store(diagnostic, by=by)
    _audit(diagnostic, AuditEntry.Action.CHANGE, by, request)
    _touch(diagnostic)
    return diagnostic
