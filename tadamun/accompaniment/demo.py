"""Demo cases in Nador and Le Kef (for `tadamun demo`): people recorded with their consent,
cases at different stages with sessions and action plans, one that created a cooperative
and jobs.

The demo advisors' accounts have no usable password: they only hold the cases. Staff
invited to Nador or Le Kef see them.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tadamun.accompaniment.models import Case
from tadamun.accompaniment.services import (
    JobGiven,
    case_action_add,
    case_action_done,
    case_close,
    case_move,
    case_open,
    case_organisation_create,
    case_outcome_record,
    case_session_add,
)
from tadamun.accounts.models import Account, Membership, Role
from tadamun.mechanisms.models import Mechanism
from tadamun.people.models import Consent, Purpose
from tadamun.people.selectors import consent_text_current
from tadamun.people.services import ConsentGiven, person_create
from tadamun.places.models import Place

SOURCE_TITLE = "Couscous d'orge et produits du terroir du Rif"


def _advisor(username: str, first: str, last: str, mechanism: Mechanism):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Account.objects.get_or_create(user=user)
    Membership.objects.get_or_create(
        user=user, mechanism=mechanism, defaults={"role": Role.ADVISOR}
    )
    return user


def _person(mechanism, by, name: str, gender: str, year: int, place: str):
    text = consent_text_current(Purpose.ACCOMPANIMENT)
    return person_create(
        mechanism=mechanism,
        by=by,
        fields={
            "full_name": name,
            "gender": gender,
            "birth_year": year,
            "place": Place.objects.filter(code=place).first(),
        },
        consent=ConsentGiven(text=text, method=Consent.Method.SIGNED_FORM),
    )


def _forward(case, by, *stages):
    for stage in stages:
        case_move(case=case, to=stage, by=by)


@transaction.atomic
def demo_load_cases() -> int:
    """A handful of cases in Nador and Le Kef; nothing when they are there already or the
    mechanisms are missing. Returns the number of cases created."""
    nador = Mechanism.objects.filter(slug="nador").first()
    kef = Mechanism.objects.filter(slug="le-kef").first()
    if nador is None or kef is None or consent_text_current(Purpose.ACCOMPANIMENT) is None:
        return 0
    if Case.objects.filter(title=SOURCE_TITLE).exists():
        return 0
    today = timezone.localdate()
    nadia = _advisor("demo.nadia.elyoussfi", "Nadia", "El Youssfi", nador)
    sonia = _advisor("demo.sonia.trabelsi", "Sonia", "Trabelsi", kef)

    # Nador: a women's couscous project that became a cooperative and created jobs.
    zahra = _person(nador, nadia, "فاطمة الزهراء بنعلي", "woman", 1988, "MA-NAD")
    couscous = case_open(
        mechanism=nador,
        person=zahra,
        advisor=nadia,
        by=nadia,
        title=SOURCE_TITLE,
        description=(
            "Fatima Zahra et cinq voisines roulent du couscous d'orge et de blé dur à la main "
            "et le vendent au souk ; elles veulent une unité équipée, une marque et une "
            "coopérative."
        ),
    )
    _forward(couscous, nadia, "creation", "development")
    for days, topic, notes, steps in (
        (70, "management", "Répartition des tâches entre les six femmes.", ""),
        (42, "legal", "Statuts de la coopérative relus avec l'ODCO.", "Déposer le dossier."),
        (21, "marketing", "Étiquettes bilingues, prix de gros pour deux épiceries.", ""),
        (6, "financing", "Devis du séchoir solaire.", "Demander le devis à l'INDH."),
    ):
        case_session_add(
            case=couscous,
            by=nadia,
            date=today - timedelta(days=days),
            duration_minutes=90,
            topic=topic,
            notes=notes,
            next_steps=steps,
            attendees="Fatima Zahra, deux membres",
        )
    done = case_action_add(
        case=couscous,
        by=nadia,
        description="Déposer les statuts à l'ODCO",
        owner="beneficiary",
        due_on=today - timedelta(days=30),
    )
    case_action_done(action=done, by=nadia)
    case_action_add(
        case=couscous,
        by=nadia,
        description="Envoyer le dossier de financement du séchoir",
        owner="advisor",
        due_on=today + timedelta(days=2),
    )
    case_action_add(
        case=couscous,
        by=nadia,
        description="Ouvrir le compte bancaire de la coopérative",
        owner="beneficiary",
        due_on=today - timedelta(days=4),
    )
    case_organisation_create(
        case=couscous,
        by=nadia,
        name_ar="تعاونية نور الريف للكسكس",
        name_fr="Coopérative Nour Rif du couscous",
        place=Place.objects.filter(code="MA-NAD").first(),
        created_on=today - timedelta(days=35),
        women_led=True,
    )
    case_outcome_record(
        case=couscous,
        by=nadia,
        jobs=[
            JobGiven(
                gender="woman",
                person=zahra,
                started_on=today - timedelta(days=30),
                has_contract=True,
                contract_kind="member",
                social_protection=True,
                monthly_income=Decimal("3600"),
            ),
            JobGiven(
                gender="woman",
                count=3,
                started_on=today - timedelta(days=30),
                has_contract=True,
                contract_kind="member",
                social_protection=True,
                monthly_income=Decimal("3450"),
            ),
            JobGiven(
                gender="woman",
                count=2,
                started_on=today - timedelta(days=20),
                monthly_income=Decimal("1800"),
            ),
        ],
        turnovers={today.year - 1: Decimal("64000")},
    )

    # Nador: a young man's phone repair idea.
    karim = _person(nador, nadia, "Karim Amrani", "man", 2001, "MA-NAD")
    phones = case_open(
        mechanism=nador,
        person=karim,
        advisor=nadia,
        by=nadia,
        title="Réparation de téléphones à Selouane",
        description="Un atelier de réparation et de reconditionnement de téléphones.",
    )
    case_session_add(
        case=phones,
        by=nadia,
        date=today - timedelta(days=30),
        duration_minutes=45,
        topic="technical",
        notes="Formation en réparation suivie à Oujda.",
        next_steps="Chiffrer l'outillage.",
    )
    case_action_add(
        case=phones,
        by=nadia,
        description="Lister l'outillage et ses prix",
        owner="beneficiary",
        due_on=today,
    )

    # Le Kef: mountain honey, being created; olive oil, closed (moved to Tunis).
    mongia = _person(kef, sonia, "منية بن صالح", "woman", 1984, "TN-33")
    honey = case_open(
        mechanism=kef,
        person=mongia,
        advisor=sonia,
        by=sonia,
        title="Miel de montagne du Kef",
        description="Vingt ruches à Sakiet Sidi Youssef ; un groupement de femmes apicultrices.",
    )
    _forward(honey, sonia, "creation")
    for days, topic, steps in ((50, "technical", ""), (12, "gender_care", "Garde d'enfants.")):
        case_session_add(
            case=honey,
            by=sonia,
            date=today - timedelta(days=days),
            duration_minutes=60,
            topic=topic,
            next_steps=steps,
        )
    case_action_add(
        case=honey,
        by=sonia,
        description="Rencontrer le CRDA pour le statut de SMSA",
        owner="advisor",
        due_on=today + timedelta(days=1),
    )
    hedi = _person(kef, sonia, "Hédi Jlassi", "man", 1979, "TN-33")
    olive = case_open(
        mechanism=kef,
        person=hedi,
        advisor=sonia,
        by=sonia,
        title="Huile d'olive biologique",
        stage="development",
    )
    case_session_add(
        case=olive,
        by=sonia,
        date=today - timedelta(days=90),
        duration_minutes=60,
        topic="marketing",
    )
    case_close(case=olive, by=sonia, reason="moved", note="Installé à Tunis, suivi là-bas.")
    return Case.objects.filter(mechanism__in=[nador, kef]).count()
