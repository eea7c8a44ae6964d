"""The public request form in a real browser, in Arabic, on a phone-sized screen: the
places filter (the page's only script, under the Content-Security-Policy), the consent,
the thank-you page with its reference; then the request in Nador's queue."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_woman_sends_a_request_in_arabic_and_it_reaches_nador(
    live_server, page, consent_texts, settings
):
    from tadamun.accounts.testing import make_mechanism
    from tadamun.desk.models import Request

    settings.TADAMUN_DESK_MIN_SECONDS = 0  # the browser types faster than a person
    nador = make_mechanism("nador", country="MA", territories=["MA-NAD"], name="Nador")
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto(live_server.url + "/ar/ask/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("اسمك").fill("فاطمة الزهراء")
    page.get_by_label("الهاتف").fill("0661 11 22 33")
    # The places' filter box appears with the script, and narrows the list.
    filter_box = page.locator("[data-select-filter]")
    expect(filter_box).to_be_visible()
    filter_box.fill("الناظور")
    nador_town = page.locator("#id_place option", has_text="الناظور").first
    page.locator("#id_place").select_option(nador_town.get_attribute("value"))
    page.locator("#id_topic").select_option("creation")
    page.locator("#id_message").fill("أريد تأسيس تعاونية للكسكس مع نساء الحي.")
    page.get_by_label("أوافق على هذا النص.").check()
    page.get_by_role("button", name="أرسل طلبي").click()
    expect(page).to_have_url(re.compile(r"/ar/ask/thanks/"))
    reference = Request.objects.get().reference
    expect(page.locator(".desk-reference")).to_contain_text(reference)
    request = Request.objects.get()
    assert request.mechanism == nador and request.language == "ar"
    assert request.requester.consents.get().method == "online"
    assert not [p for p in problems if "Content Security Policy" in p], problems
