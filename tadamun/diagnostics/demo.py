"""Demo diagnostics for `tadamun demo`: a few people of Nador and Le Kef and an organisation
of the Medina of Tunis, diagnosed with the default questionnaire; some twice, months
apart, so that the profile page shows their progress. Idempotent: run twice, nothing
changes."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tadamun.diagnostics.default_questionnaire import SLUG, install_current
from tadamun.diagnostics.models import Answer, Diagnostic, Question, QuestionnaireVersion
from tadamun.diagnostics.services import profile_store
from tadamun.mechanisms.models import Mechanism

DEMO_NOTE = "Tadamun demo"

# (mechanism, Arabic name, Latin name, gender, year of birth, [(months ago, levels)]):
# a level per dimension from 0 (every answer at its worst) to 1 (at its best); a
# dimension left out is not answered; None as months ago: still in progress.
PEOPLE = (
    (
        "nador",
        "سميرة الإدريسي",
        "Samira El Idrissi",
        "woman",
        1987,
        [
            (
                7,
                {
                    "governance": 0.3,
                    "finances": 0.1,
                    "production": 0.6,
                    "marketing": 0.2,
                    "digital": 0.0,
                    "legal": 0.2,
                    "gender": 0.7,
                    "environment": 0.5,
                    "care": 0.3,
                },
            ),
            (
                1,
                {
                    "governance": 0.6,
                    "finances": 0.6,
                    "production": 0.7,
                    "marketing": 0.5,
                    "digital": 0.5,
                    "legal": 0.7,
                    "gender": 0.8,
                    "environment": 0.6,
                    "care": 0.4,
                },
            ),
        ],
    ),
    (
        "nador",
        "خديجة بوطالب",
        "Khadija Boutaleb",
        "woman",
        1979,
        [
            (
                2,
                {
                    "governance": 0.8,
                    "finances": 0.5,
                    "production": 0.9,
                    "marketing": 0.3,
                    "digital": 0.2,
                    "legal": 1.0,
                    "gender": 0.9,
                    "environment": 0.3,
                    "care": 0.2,
                },
            )
        ],
    ),
    (
        "le-kef",
        "مبروكة الجلاصي",
        "Mabrouka Jlassi",
        "woman",
        1992,
        [
            (
                6,
                {
                    "governance": 0.2,
                    "finances": 0.3,
                    "production": 0.4,
                    "marketing": 0.1,
                    "digital": 0.3,
                    "legal": 0.0,
                    "gender": 0.5,
                    "environment": 0.7,
                    "care": 0.2,
                },
            ),
            (
                0,
                {
                    "governance": 0.5,
                    "finances": 0.5,
                    "production": 0.6,
                    "marketing": 0.4,
                    "digital": 0.6,
                    "legal": 0.7,
                    "gender": 0.6,
                    "environment": 0.8,
                    "care": 0.5,
                },
            ),
        ],
    ),
    (
        "le-kef",
        "هشام الورغي",
        "Hichem Ouerghi",
        "man",
        1998,
        [(None, {"governance": 0.4, "finances": 0.2, "production": 0.5})],
    ),
)

# The GIE Mdinti of the Medina of Tunis (seed 002), diagnosed by the Tunis mechanism.
ORGANISATION = (
    "tunis",
    "mdinti",
    [
        (
            8,
            {
                "governance": 0.5,
                "finances": 0.4,
                "production": 0.6,
                "marketing": 0.3,
                "digital": 0.2,
                "legal": 0.6,
                "gender": 0.9,
                "environment": 0.4,
                "care": 0.5,
            },
        ),
        (
            2,
            {
                "governance": 0.7,
                "finances": 0.5,
                "production": 0.7,
                "marketing": 0.6,
                "digital": 0.7,
                "legal": 0.7,
                "gender": 0.9,
                "environment": 0.5,
                "care": 0.6,
            },
        ),
    ],
)


def _pick(question: Question, level: float):
    """The answer to `question` closest to `level` of its points."""
    choices = list(question.choices.all())
    if question.kind == "scale":
        return 1 + round(level * 4)
    if question.kind == "multiple":
        count = max(1, round(level * len(choices)))
        return [choice.pk for choice in choices[:count]]
    if question.kind == "number":
        steps = sorted((c for c in choices if c.at_least is not None), key=lambda c: c.at_least)
        if not steps:
            return None
        target = max(c.points for c in steps) * level
        chosen = min(steps, key=lambda c: abs(c.points - target))
        return str(chosen.at_least)
    if question.kind in ("single", "yes_no"):
        top = max(c.points for c in choices)
        return min(choices, key=lambda c: (abs(c.points - top * level), -c.points)).pk
    return None


def _diagnostic(mechanism, version, questions, *, person=None, actor=None, months, levels):
    now = timezone.now()
    started = now - timedelta(days=30 * (months or 0), hours=2)
    diagnostic = Diagnostic.objects.create(
        mechanism=mechanism, version=version, person=person, actor=actor, started_at=started
    )
    Answer.objects.bulk_create(
        [
            Answer(diagnostic=diagnostic, question=q, value=value, answered_at=started)
            for q in questions
            if q.dimension in levels and (value := _pick(q, levels[q.dimension])) is not None
        ]
    )
    if months is not None:
        profile_store(diagnostic, by=None, at=started + timedelta(hours=1))
    return diagnostic


def _person(mechanism, name_ar, name_latin, gender, birth_year):
    from tadamun.people.models import Consent, Person, Purpose
    from tadamun.people.selectors import consent_text_current
    from tadamun.people.services import search_keys_for

    # Recorded as the staff would: in Latin letters in Nador, in Arabic in Le Kef.
    full_name = name_ar if mechanism.country_id == "TN" else name_latin
    person = Person.objects.filter(mechanism=mechanism, full_name=full_name).first()
    if person is not None:
        return person, False
    person = Person.objects.create(
        mechanism=mechanism,
        full_name=full_name,
        gender=gender,
        birth_year=birth_year,
        notes=DEMO_NOTE,
        search_keys=search_keys_for(full_name),
    )
    Consent.objects.create(
        person=person,
        text=consent_text_current(Purpose.ACCOMPANIMENT),
        purpose=Purpose.ACCOMPANIMENT,
        method=Consent.Method.SIGNED_FORM,
    )
    return person, True


@transaction.atomic
def demo_diagnostics() -> int:
    """Loads the demo diagnostics where they are missing; returns how many were added."""
    install_current()
    version = QuestionnaireVersion.objects.published().get(
        questionnaire__slug=SLUG, questionnaire__mechanism__isnull=True
    )
    questions = list(Question.objects.filter(section__version=version).prefetch_related("choices"))
    mechanisms = {m.slug: m for m in Mechanism.objects.all()}
    added = 0
    for slug, name_ar, name_latin, gender, year, diagnostics in PEOPLE:
        mechanism = mechanisms.get(slug)
        if mechanism is None:
            continue
        person, new = _person(mechanism, name_ar, name_latin, gender, year)
        if not new:
            continue
        for months, levels in diagnostics:
            _diagnostic(mechanism, version, questions, person=person, months=months, levels=levels)
            added += 1
    slug, key, diagnostics = ORGANISATION
    from tadamun.demo.services import SEED_SOURCE
    from tadamun.directory.models import ActorSource

    source = ActorSource.objects.filter(source=SEED_SOURCE, source_id=key).first()
    mechanism = mechanisms.get(slug)
    if source and mechanism and not Diagnostic.objects.filter(actor=source.actor_id).exists():
        for months, levels in diagnostics:
            _diagnostic(
                mechanism, version, questions, actor=source.actor, months=months, levels=levels
            )
            added += 1
    return added
