import threading

import pytest
from playwright.sync_api import expect

from tadamun.accounts.testing import PASSWORD, make_user
from tadamun.directory.models import Actor
from tadamun.imports import jobs

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

# A governorate's list saved from Excel: Windows Arabic, semicolons, Arabic headers, the
# first of which the importer does not know.
LINES = [
    "رقم التسجيل;الاسم;الشكل القانوني;البلد;الجهة;الهاتف",
    "K1;جمعية النور للتنمية;جمعية;TN;الكاف;78 200 300",
    "K2;Coopérative El Baraka;Coopérative;TN;Le Kef;",
    "K3;تعاونية بلا بلد;تعاونية;XX;;",
]


@pytest.fixture
def salma(reference_data, settings):
    # Jobs run in threads of the server, as in production.
    settings.TADAMUN_IMPORT_JOBS_INLINE = False
    make_user("salma", platform_role="analyst")  # the observatory's analyst


@pytest.fixture
def import_gate(monkeypatch):
    """Holds the import (not the check) after its first progress report until it is set,
    so that the page can be seen following it."""
    gate = threading.Event()
    real_import = jobs.actors_import

    def held(**kwargs):
        if held.imports_held:
            kwargs["progress"](1, 3)
            gate.wait(30)
        return real_import(**kwargs)

    held.imports_held = False
    monkeypatch.setattr(jobs, "actors_import", held)
    gate.hold = lambda: setattr(held, "imports_held", True)
    yield gate
    gate.set()


def test_salma_uploads_maps_checks_and_imports_a_file_in_arabic(
    live_server, page, salma, import_gate
):
    page.goto(live_server.url + "/ar/staff/imports/new/")
    # Staff only: the login comes first, then the page asked for.
    page.locator("#id_username").fill("salma")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(live_server.url + "/ar/staff/imports/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.locator("#id_source").fill("kef-2026")
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "liste-kef.csv",
                "mimeType": "text/csv",
                "buffer": "\r\n".join(LINES).encode("cp1256"),
            }
        ]
    )
    page.locator("form.import-form button[type=submit]").click()

    # The preview: how the file was read, its rows, and a header to map by hand.
    expect(page.locator("[data-encoding]")).to_have_text("cp1256")
    expect(page.locator("[data-separator]")).to_have_text(";")
    expect(page.locator("[data-preview] tbody tr")).to_have_count(3)
    expect(page.locator("[data-preview]")).to_contain_text("جمعية النور للتنمية")
    expect(page.locator("[data-missing]")).to_be_visible()
    mapping = page.get_by_label("رقم التسجيل")
    expect(mapping).to_have_value("")
    # By keyboard: focus the select, choose, move on to the check button.
    mapping.select_option("source_id")
    page.locator("[data-check]").focus()
    page.keyboard.press("Enter")

    # The check ran in the background and wrote nothing.
    expect(page.locator("[data-count=created]")).to_have_text("2")
    expect(page.locator("[data-count=rejected]")).to_have_text("1")
    expect(page.locator("[data-rejections]")).to_contain_text("XX")
    assert Actor.objects.count() == 0

    # The import: the page follows its progress, then shows what it did.
    import_gate.hold()
    page.locator("[data-import]").click()
    progress = page.locator("[data-import-progress] progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("value", "1")
    import_gate.set()
    expect(page.locator("[data-status=done]")).to_be_visible()
    expect(page.locator("[data-count=created]")).to_have_text("2")
    expect(page.locator("[data-count=rejected]")).to_have_text("1")
    assert Actor.objects.count() == 2

    with page.expect_download() as download:
        page.locator("[data-download-rejections]").click()
    report = download.value.path().read_bytes().decode("utf-8")
    assert report.startswith("\ufeff")
    assert "K3" in report and "XX" in report

    page.goto(live_server.url + "/ar/staff/imports/")
    expect(page.locator("[data-jobs] tbody tr")).to_have_count(1)
    expect(page.locator("[data-jobs]")).to_contain_text("kef-2026")

    # The governorate's corrected list: Ennour has another number. The check says so, with
    # the number before, before anything is written; the import keeps it.
    page.goto(live_server.url + "/ar/staff/imports/new/")
    page.locator("#id_source").fill("kef-2026")
    corrected = ["source_id" + LINES[0][len("رقم التسجيل") :], LINES[1][:-3] + "301", LINES[2]]
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "liste-kef-2.csv",
                "mimeType": "text/csv",
                "buffer": "\r\n".join(corrected).encode("cp1256"),
            }
        ]
    )
    page.locator("form.import-form button[type=submit]").click()
    page.locator("[data-check]").click()
    expect(page.locator("[data-count=updated]")).to_have_text("1")
    changes = page.locator("[data-changes]")
    expect(changes).to_contain_text("+21678200300")
    expect(changes).to_contain_text("+21678200301")
    assert Actor.objects.get(sources__source_id="K1").phone == "+21678200300"
    page.locator("[data-import]").click()
    expect(page.locator("[data-status=done]")).to_be_visible()
    expect(page.locator("[data-changes]")).to_contain_text("+21678200300")
    with page.expect_download() as download:
        page.locator("[data-download-changes]").click()
    kept = download.value.path().read_bytes().decode("utf-8")
    ennour = Actor.objects.get(sources__source_id="K1")
    assert f"K1,{ennour.pk},phone,+21678200300,+21678200301" in kept
    assert ennour.phone == "+21678200301"

    # It was the wrong list after all: Salma undoes the import, ticking the box first.
    page.locator("[data-undo-button]").click()
    expect(page.locator("#undo-confirm")).to_be_focused()  # the browser asks for the box
    page.locator("#undo-confirm").check()
    page.locator("[data-undo-button]").click()
    expect(page.locator("[data-count=restored]")).to_have_text("1")
    expect(page.locator("[data-count=removed]")).to_have_text("0")
    assert Actor.objects.get(sources__source_id="K1").phone == "+21678200300"
