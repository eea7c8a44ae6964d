"""The one-stop shop's whole loop in a real browser, in Arabic, on a phone: Rachida sends
a request through the public form; Amina, advisor in Nador, takes and answers it,
diagnoses the needs of the project, refers Rachida to the service that fits, records that
she took it up, opens an accompaniment case, moves it stage by stage to autonomy,
creates the cooperative in the directory, counts its jobs and closes the case; then
Nador's numbers count each step."""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from tadamun.accounts.testing import log_in, make_mechanism, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def ar(text: str) -> str:
    """`text` as the Arabic pages say it."""
    with translation.override("ar"):
        return translation.gettext(text)


@pytest.fixture
def nador_shop(consent_texts, settings):
    from tadamun.catalogue.tests.conftest import make_service
    from tadamun.diagnostics.default_questionnaire import install_current
    from tadamun.directory.tests.factories import ActorFactory

    settings.TADAMUN_DESK_MIN_SECONDS = 0  # the browser types faster than a person
    install_current()  # the flush of the previous browser test emptied it
    nador = make_mechanism("nador", country="MA", territories=["MA-NAD"], name="الناظور")
    amina = make_user("amina", mechanism=nador, role="advisor")
    yousra = make_user("yousra", mechanism=nador, role="coordinator")
    house = ActorFactory(name_ar="دار الاقتصاد الاجتماعي والتضامني", place="MA-NAD-NADOR")
    coaching = make_service(
        house,
        service_type="marketing",
        name_ar="مواكبة تسويق منتجات التعاونيات",
        name_fr="Coaching en commercialisation",
        audiences=["women", "project_holders"],
        territories=["MA-NAD"],
    )
    return nador, amina, yousra, coaching


def _as(page, live_server, user):
    client = Client()
    log_in(client, user)
    page.context.clear_cookies()
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def test_a_request_in_arabic_is_followed_to_a_closed_case_with_jobs_counted(
    live_server, page, nador_shop, smtp_server
):
    from tadamun.accompaniment.models import Case, Job
    from tadamun.catalogue.models import Referral
    from tadamun.desk.models import Request
    from tadamun.directory.models import Actor

    nador, amina, yousra, coaching = nador_shop

    # Rachida, without an account.
    page.goto(live_server.url + "/ar/ask/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("اسمك").fill("رشيدة بوكيلي")
    page.get_by_label("الهاتف").fill("0661 23 45 67")
    page.locator("#id_email").fill("rachida@example.ma")
    town = page.locator("#id_place option", has_text="الناظور").first
    page.locator("#id_place").select_option(town.get_attribute("value"))
    page.locator("#id_topic").select_option("creation")
    page.locator("#id_message").fill("أريد تأسيس تعاونية للكسكس مع جاراتي.")
    page.locator("input[name=consent]").check()
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/ar/ask/thanks/"))
    request = Request.objects.get()
    assert request.mechanism == nador

    # Amina takes it and answers, by e-mail too (the box is ticked).
    _as(page, live_server, amina)
    page.goto(f"{live_server.url}/ar/desk/{request.pk}/")
    page.get_by_role("button", name=ar("Take it")).click()
    page.locator("textarea[name=text]").fill("مرحباً بك يوم الخميس في دار الاقتصاد الاجتماعي.")
    expect(page.locator("input[name=send]")).to_be_checked()
    page.get_by_role("button", name=ar("Record the answer")).click()
    expect(page.locator(".message").first).to_contain_text(
        ar("Answer recorded and sent by e-mail.")
    )
    request.refresh_from_db()
    assert request.status == "answered"
    [(recipients, mail)] = smtp_server.mails
    assert recipients == ["rachida@example.ma"]
    assert request.reference in mail["Subject"] and "الناظور" in mail["Subject"]
    assert "مرحباً بك يوم الخميس" in mail.get_content()
    rachida = request.requester

    # The diagnostic: the marketing section answered at its lowest, then completed.
    page.goto(f"{live_server.url}/ar/people/{rachida.pk}/")
    page.get_by_role("link", name=ar("Start a diagnostic")).first.click()
    page.get_by_role("button", name=ar("Start")).click()
    from tadamun.diagnostics.models import Diagnostic

    sections = list(Diagnostic.objects.get().version.sections.order_by("position"))
    marketing = next(
        n for n, s in enumerate(sections, 1) if s.questions.filter(dimension="marketing").exists()
    )
    page.locator(f'.section-steps button[value="page-{marketing}"]').click()
    for question in page.locator("fieldset.question-block").all():
        question.locator("label.option:not(.option-skip)").first.click()
    page.locator(f'.section-steps button[value="page-{len(sections)}"]').click()
    page.get_by_role("button", name=ar("Save and complete")).click()
    expect(page.locator(".profile-list")).to_be_visible()

    # Orientation on those needs: the marketing coaching first; Amina refers Rachida.
    page.get_by_role("link", name=ar("Propose services for these needs")).click()
    first = page.locator("[data-proposal]").first
    expect(first).to_have_attribute("data-proposal", str(coaching.pk))
    first.get_by_role("button", name=ar("Refer")).click()
    referral = Referral.objects.get()
    assert "marketing" in referral.needs
    page.goto(f"{live_server.url}/ar/staff/mechanisms/{nador.slug}/referrals/")
    page.locator(f"#outcome-{referral.pk}").select_option("taken_up")
    page.get_by_role("button", name=ar("Record the outcome")).first.click()
    expect(page.locator(".message").first).to_be_visible()

    # The case, from the idea to autonomy.
    page.goto(f"{live_server.url}/ar/people/{rachida.pk}/")
    page.get_by_role("link", name=ar("Open a case")).click()
    page.locator("input[name=title]").fill("كسكس مفتول باليد")
    page.get_by_role("button", name=ar("Open the case")).click()
    expect(page.locator(".stage-path li.current")).to_be_visible()
    case = Case.objects.get()
    for _step in range(4):
        page.locator(".stage-moves form.inline-form button").first.click()
        expect(page.locator(".history-list li")).to_have_count(_step + 2)
    case.refresh_from_db()
    assert case.stage == "autonomy"

    # The cooperative created in the directory, four jobs, the case closed.
    page.goto(f"{live_server.url}/ar/staff/cases/{case.pk}/organisation/")
    page.locator("#id_new-name_ar").fill("تعاونية كسكس الناظور")
    page.locator("#id_new-created_on").fill(date.today().isoformat())
    page.get_by_role("button", name=ar("Create and link")).click()
    page.goto(f"{live_server.url}/ar/staff/cases/{case.pk}/jobs/add/")
    page.get_by_label(ar("Number of jobs")).fill("4")
    page.locator("input[name=gender][value=woman]").check()
    page.get_by_label(ar("Started on")).fill(date.today().isoformat())
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{live_server.url}/ar/staff/cases/{case.pk}/close/")
    page.locator("input[name=reason][value=autonomous]").check()
    page.locator("main form button[type=submit]").first.click()
    case.refresh_from_db()
    assert case.stage == "closed" and case.organisation is not None
    assert Actor.objects.filter(name_ar="تعاونية كسكس الناظور").exists()
    assert sum(Job.objects.values_list("count", flat=True)) == 4

    # Nador's coordinator reads the numbers, in Arabic.
    _as(page, live_server, yousra)
    page.goto(f"{live_server.url}/ar/staff/observatory/numbers/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    for code, count in (
        ("requests_received", "1"),
        ("requests_answered", "1"),
        ("people_diagnosed", "1"),
        ("referrals_taken_up", "1"),
        ("organisations_created", "1"),
        ("jobs_created", "4"),
        ("cases_closed", "1"),
    ):
        expect(page.locator(f'tr[data-measure="{code}"] td').first).to_have_text(count)
