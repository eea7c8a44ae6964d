"""The one-stop shop's whole loop, in each language: Rachida asks through the public form,
Amina (advisor in Nador) answers, diagnoses her needs, orients her to the service that
fits and accompanies her project from the idea to autonomy; the cooperative she creates
enters the directory, its jobs are counted, and the numbers of the observatory say so to
Nador's staff — and nothing of it to Le Kef's."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tadamun.accompaniment.models import Stage
from tadamun.accompaniment.services import (
    case_close,
    case_job_add,
    case_move,
    case_open,
    case_organisation_create,
    case_session_add,
)
from tadamun.accounts.testing import log_in
from tadamun.catalogue.models import Outcome
from tadamun.catalogue.selectors import services_proposed
from tadamun.catalogue.services import referral_record_outcome, referral_send
from tadamun.catalogue.tests.conftest import make_service
from tadamun.desk.models import Request, Status
from tadamun.desk.services import request_answer, request_take
from tadamun.desk.tests.conftest import public_data
from tadamun.diagnostics.selectors import diagnostic_profile, weak_dimensions
from tadamun.diagnostics.services import diagnostic_answer, diagnostic_complete, diagnostic_start
from tadamun.diagnostics.tests.conftest import answers, best, worst
from tadamun.directory.models import Actor
from tadamun.directory.tests.factories import ActorFactory
from tadamun.observatory.numbers import desk_numbers

pytestmark = pytest.mark.django_db

WEAK = {"marketing", "digital"}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TADAMUN_PRIVATE_FILES = tmp_path / "private"


@pytest.fixture
def marketing_coaching(db):
    provider = ActorFactory(name_fr="Maison de l'ESS de Nador", place="MA-NAD-NADOR")
    return make_service(
        provider,
        service_type="marketing",
        name_ar="مرافقة في التسويق للتعاونيات النسائية",
        name_fr="Coaching en commercialisation des coopératives de femmes",
        name_en="Marketing coaching for women's cooperatives",
        audiences=["women", "cooperatives"],
        territories=["MA-NAD"],
    )


@pytest.fixture
def financing_in_tunis(db):
    provider = ActorFactory(name_fr="Banque solidaire de Tunis", place="TN-11")
    return make_service(provider, service_type="financing", name_fr="Prêts", territories=["TN-11"])


def _diagnose(request_, amina):
    from tadamun.diagnostics.default_questionnaire import SLUG
    from tadamun.diagnostics.models import Questionnaire

    version = Questionnaire.objects.get(slug=SLUG, mechanism__isnull=True).versions.get()
    diagnostic = diagnostic_start(
        mechanism=request_.mechanism, version=version, person=request_.requester, by=amina
    )
    given = answers(version, best)
    given |= answers(version, worst, WEAK)
    diagnostic_answer(diagnostic=diagnostic, answers=given, by=amina)
    return diagnostic_complete(diagnostic=diagnostic, by=amina)


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_a_request_goes_through_diagnostic_orientation_and_accompaniment_to_jobs_counted(
    client, language, nador, le_kef, amina, yousra, karim, marketing_coaching, financing_in_tunis
):
    # 1. The public form, in the language, without an account.
    form = client.get(f"/{language}/ask/")
    assert form.status_code == 200
    assert form.context["LANGUAGE_CODE"] == language
    sent = client.post(f"/{language}/ask/", public_data())
    assert sent.status_code == 302
    request_ = Request.objects.get()
    assert request_.mechanism == nador  # routed by its territory
    rachida = request_.requester
    assert rachida.consents.filter(purpose="accompaniment").exists()

    # 2. Amina takes it and answers it.
    request_take(request=request_, by=amina)
    request_answer(request=request_, by=amina, text="Venez jeudi à la Maison de l'ESS.")
    request_.refresh_from_db()
    assert request_.status == Status.ANSWERED

    # 3. The diagnostic: marketing and digital are her needs.
    diagnostic = _diagnose(request_, amina)
    profile = diagnostic_profile(diagnostic)
    assert set(weak_dimensions(profile)[:2]) == WEAK

    # 4. Orientation: the marketing coaching of Nador comes first, with its reasons;
    # a Tunisian service is never proposed in Nador.
    proposals = services_proposed(
        needs=profile, place=rachida.place, audiences={"women", "project_holders"}
    )
    assert proposals[0].service == marketing_coaching
    assert proposals[0].reasons
    assert financing_in_tunis not in [p.service for p in proposals]
    referral = referral_send(
        mechanism=nador, service=marketing_coaching, person=rachida, by=amina, needs=profile
    )
    referral_record_outcome(referral=referral, outcome=Outcome.TAKEN_UP, by=amina)

    # 5. Accompaniment, stage by stage, to the cooperative created and its jobs.
    case = case_open(
        mechanism=nador, person=rachida, advisor=amina, by=amina, title="Couscous roulé main"
    )
    case_session_add(
        case=case,
        by=amina,
        date=timezone.localdate(),
        duration_minutes=90,
        topic="marketing",
        notes="Étiquettes et prix de vente.",
        next_steps="Salon régional.",
    )
    for stage in (Stage.CREATION, Stage.DEVELOPMENT, Stage.CONSOLIDATION, Stage.AUTONOMY):
        case_move(case=case, to=stage, by=amina)
    case_organisation_create(
        case=case, by=amina, name_fr="Coopérative Couscous Nador", created_on=date.today()
    )
    case_job_add(
        case=case,
        by=amina,
        person=rachida,
        gender="woman",
        started_on=date.today(),
        has_contract=True,
        contract_kind="permanent",
        social_protection=True,
        monthly_income=Decimal("4000"),
    )
    case_job_add(case=case, by=amina, gender="woman", count=3, started_on=date.today())
    case_close(case=case, by=amina, reason="autonomous")
    assert Actor.objects.filter(name_fr="Coopérative Couscous Nador").exists()

    # 6. The numbers, to Nador's coordinator, in the language.
    log_in(client, yousra)
    page = client.get(f"/{language}/staff/observatory/numbers/?by=gender")
    assert page.status_code == 200
    rows = {row.code: row for row in page.context["numbers"].rows}
    assert rows["requests_received"].total == 1
    assert rows["requests_answered"].counts == {"woman": 1}
    assert rows["people_diagnosed"].total == 1
    assert rows["referrals_sent"].total == rows["referrals_taken_up"].total == 1
    assert rows["organisations_created"].total == 1
    assert rows["jobs_created"].counts == {"woman": 4}
    assert rows["decent_jobs_created"].total == 1
    assert rows["cases_closed"].total == 1

    # 7. Le Kef's coordinator sees none of it: not the pages, not a number.
    log_in(client, karim)
    for url in (
        f"/{language}/desk/{request_.pk}/",
        f"/{language}/staff/cases/{case.pk}/",
        f"/{language}/people/{rachida.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    theirs = client.get(f"/{language}/staff/observatory/numbers/").context["numbers"]
    assert all(row.total == 0 for row in theirs.rows)


def test_the_numbers_break_down_by_age_band_territory_and_mechanism(nador, le_kef, amina, sami):
    from tadamun.desk.services import request_record
    from tadamun.desk.tests.conftest import place, signed

    def ask(mechanism, by, name, birth_year, code):
        return request_record(
            mechanism=mechanism,
            by=by,
            channel="walk_in",
            topic="creation",
            message="…",
            place=place(code),
            person_fields={"full_name": name, "gender": "woman", "birth_year": birth_year},
            consent=signed(),
        )

    year = timezone.localdate().year
    ask(nador, amina, "Salma", year - 20, "MA-NAD-NADOR")
    ask(nador, amina, "Houda", year - 40, "MA-NAD-NADOR")
    ask(le_kef, sami, "Amel", year - 30, "TN-33-LEKEF")
    today = timezone.localdate()
    start = today - timedelta(days=1)

    by_age = desk_numbers(mechanism_ids=None, start=start, end=today, by="age_band")
    received = {row.code: row for row in by_age.rows}["requests_received"]
    assert received.counts == {"18_24": 1, "25_34": 1, "35_44": 1}
    assert [c.key for c in by_age.columns][:3] == ["under_18", "18_24", "25_34"]

    by_territory = desk_numbers(mechanism_ids=None, start=start, end=today, by="territory")
    received = {row.code: row for row in by_territory.rows}["requests_received"]
    # Nador rolls up to the Oriental region, Le Kef to its governorate.
    assert received.counts == {"MA-02": 2, "TN-33": 1}

    only_nador = desk_numbers(mechanism_ids={nador.pk}, start=start, end=today, by="mechanism")
    received = {row.code: row for row in only_nador.rows}["requests_received"]
    assert received.counts == {str(nador.pk): 2}
    assert received.cells == [2]

    earlier = desk_numbers(
        mechanism_ids=None, start=today - timedelta(days=30), end=today - timedelta(days=2)
    )
    assert {row.code: row for row in earlier.rows}["requests_received"].total == 0
