"""Salma, on the staff of the observatory, reviews a probable duplicate in Arabic: the two
records side by side, one value taken from the other record, merge, then undo."""

import pytest
from playwright.sync_api import expect

from tadamun.accounts.testing import PASSWORD, make_user
from tadamun.directory.models import Actor
from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates.services import duplicates_scan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def twins(reference_data):
    make_user("salma", platform_role="analyst")  # the observatory's analyst
    first = ActorFactory(
        name_fr="Coopérative Tadamoun des femmes",
        name_ar="",
        place="MA-NAD-NADOR",
        phone="+212661112233",
        sources=[("rnc", "RNC-7")],
    )
    second = ActorFactory(
        name_fr="",
        name_ar="تعاونية التضامن النسائية",
        place="MA-NAD-NADOR",
        phone="0661 11 22 33",
        email="tadamoun@example.ma",
        sources=[("partners", "P-9")],
    )
    duplicates_scan()
    return first, second


def test_salma_merges_two_records_in_arabic_then_undoes_it(live_server, page, twins):
    first, second = twins
    page.goto(live_server.url + "/ar/staff/duplicates/")
    page.locator("#id_username").fill("salma")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("table.data-table tbody tr")).to_have_count(1)

    page.locator("table.data-table tbody tr a").click()
    expect(page.locator("tr.differs").first).to_be_visible()
    # The Arabic name is only on the second record: chosen by default. Take its e-mail too.
    expect(page.locator('input[name="choice_name_ar"][value="b"]')).to_be_checked()
    page.locator('input[name="choice_email"][value="b"]').check()
    page.locator('button[value="merge"]').click()

    expect(page.locator(".message")).to_be_visible()
    kept = Actor.objects.get(pk=first.pk)
    assert kept.name_ar == "تعاونية التضامن النسائية"
    assert kept.email == "tadamoun@example.ma"
    assert set(kept.sources.values_list("source_id", flat=True)) == {"RNC-7", "P-9"}
    assert not Actor.objects.filter(pk=second.pk).exists()

    page.goto(live_server.url + "/ar/staff/duplicates/merges/")
    page.locator("table.data-table button").click()
    expect(page.locator(".message")).to_be_visible()
    assert Actor.objects.filter(pk=second.pk).exists()
    assert Actor.objects.get(pk=first.pk).name_ar == ""
