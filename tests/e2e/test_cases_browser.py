"""Amina, advisor in Nador, works on a case in Arabic on her phone: her week, the case
page, one step forward, a session recorded; the page never scrolls sideways."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tadamun.accounts.testing import log_in, make_mechanism, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def amina_case(reference_data):
    from datetime import date

    from tadamun.accompaniment.services import case_action_add, case_open
    from tadamun.people.models import ConsentText
    from tadamun.people.services import ConsentGiven, person_create

    nador = make_mechanism("nador", country="MA", territories=["MA-NAD"], name="الناظور")
    amina = make_user("amina", mechanism=nador, role="advisor")
    text = ConsentText.objects.filter(purpose="accompaniment").first() or (
        ConsentText.objects.create(
            purpose="accompaniment", version=1, text_ar="نص", text_fr="texte", text_en="text"
        )
    )
    person = person_create(
        mechanism=nador,
        by=amina,
        fields={"full_name": "فاطمة الزهراء بنعلي", "gender": "woman"},
        consent=ConsentGiven(text=text, method="signed_form"),
    )
    case = case_open(mechanism=nador, person=person, advisor=amina, by=amina, title="كسكس الشعير")
    case_action_add(
        case=case, by=amina, description="فتح حساب بنكي", owner="beneficiary", due_on=date.today()
    )
    return amina, case


def _logged_in(page, live_server, user):
    client = Client()
    log_in(client, user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width


def test_amina_moves_her_case_forward_and_records_a_session_in_arabic(
    live_server, page, amina_case, tmp_path
):
    amina, case = amina_case
    _logged_in(page, live_server, amina)
    page.goto(live_server.url + "/ar/staff/cases/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".week-list").first).to_contain_text("فتح حساب بنكي")
    _no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / "mine-ar.png"), full_page=True)

    page.get_by_role("link", name="كسكس الشعير").first.click()
    expect(page.locator(".stage-path li.current")).to_have_text("الفكرة")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="الانتقال إلى مرحلة «الإحداث»").click()
    expect(page.locator(".stage-path li.current")).to_have_text("الإحداث")
    expect(page.locator(".history-list")).to_contain_text("الفكرة ← الإحداث")

    page.get_by_role("link", name="تسجيل جلسة").click()
    page.get_by_label("المدة (بالدقائق)").fill("75")
    page.get_by_label("الموضوع").select_option("marketing")
    page.get_by_label("الخطوات المقبلة").fill("زيارة السوق الأسبوعي")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="حفظ").click()
    expect(page.locator(".session-list")).to_contain_text("زيارة السوق الأسبوعي")
    page.screenshot(path=str(tmp_path / "case-ar.png"), full_page=True)
    case.refresh_from_db()
    assert case.stage == "creation"
    assert case.sessions.get().duration_minutes == 75
