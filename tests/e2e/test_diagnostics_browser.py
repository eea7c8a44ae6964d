"""Amina, advisor in Nador, fills in a needs diagnostic in Arabic on a phone: a section a
page, big choices, the progress, finishing later and resuming, then the profile."""

import os

import pytest
from playwright.sync_api import expect

from tadamun.accounts.testing import log_in, make_mechanism, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("TADAMUN_SCREENSHOTS", "")


@pytest.fixture
def amina_in_nador(reference_data, client):
    from tadamun.diagnostics.default_questionnaire import install_current
    from tadamun.people.tests.conftest import record

    install_current()  # the flush of the previous browser test emptied it
    nador = make_mechanism("nador", country="MA", territories=["MA-NAD"], name="الناظور")
    amina = make_user("amina", mechanism=nador, role="advisor")
    _consent_texts()
    person = record(nador, amina, "سميرة الإدريسي", gender="woman")
    log_in(client, amina)
    return nador, person, client.cookies["sessionid"].value


def _consent_texts():
    from tadamun.people.models import ConsentText

    if not ConsentText.objects.filter(purpose="accompaniment").exists():
        ConsentText.objects.create(
            purpose="accompaniment", version=1, text_ar="نص", text_fr="texte", text_en="text"
        )


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_amina_fills_in_a_diagnostic_in_arabic_on_a_phone(live_server, page, amina_in_nador):
    nador, person, session = amina_in_nador
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/ar/people/{person.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name="بدء تشخيص").click()
    page.get_by_role("button", name="بدء").click()

    expect(page.locator("progress")).to_have_attribute("value", "1")
    page.get_by_role("button", name="حفظ ومتابعة").click()
    # Governance: the whole line of a choice is its label, and it is big enough to tap.
    expect(page.locator("h1")).to_have_text("الحكامة")
    option = page.locator("label.option").first
    box = option.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 250
    option.click()
    expect(option.locator("input")).to_be_checked()
    page.locator(".options.scale label.option").nth(3).click()
    _shot(page, "fill-ar")
    page.get_by_role("button", name="حفظ وإتمام لاحقاً").click()

    expect(page.locator(".message.success")).to_be_visible()
    page.get_by_role("link", name="استئناف الملء").click()
    page.locator(".section-steps button", has_text="2").click()
    expect(page.locator("label.option:not(.option-skip) input:checked")).to_have_count(2)
    page.locator(".section-steps button", has_text="10").click()
    page.get_by_role("button", name="حفظ وإنهاء التشخيص").click()

    expect(page.locator(".profile-list")).to_be_visible()
    governance = page.locator(".profile-row", has_text="الحكامة")
    expect(governance.locator(".profile-score")).to_contain_text("43 من 100")
    expect(page.locator(".profile-row", has_text="المالية")).to_contain_text("غير مُقيَّم")
    _shot(page, "profile-ar")

    # Six months earlier, a first diagnostic: the profile now shows the progress.
    from datetime import timedelta

    from django.utils import timezone

    from tadamun.diagnostics.models import Diagnostic

    later = Diagnostic.objects.get()
    earlier = Diagnostic.objects.create(
        mechanism=nador,
        version=later.version,
        person=person,
        status="completed",
        profile={"governance": 20, "care": 10},
        completed_at=timezone.now() - timedelta(days=180),
    )
    assert earlier.pk
    page.reload()
    expect(page.get_by_role("heading", name="التقدم منذ التشخيص السابق")).to_be_visible()
    expect(governance.locator(".bar.previous")).to_be_visible()
    expect(governance).to_contain_text("+23")
    _shot(page, "progress-ar")
    page.goto(page.url.replace("/ar/", "/fr/"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.set_viewport_size({"width": 1200, "height": 900})
    _shot(page, "progress-fr")
