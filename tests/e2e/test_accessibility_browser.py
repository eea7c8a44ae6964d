"""The pages people use most, public and staff, in Arabic and French, checked in Chromium
by axe-core (the engine of the browsers' accessibility audits, from the PyPI package
axe-playwright-python) against WCAG 2.1 A and AA: labels, names, contrast, landmarks,
language, structure. Each page is checked as served, on a phone's screen."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from tadamun.accounts.testing import log_in, make_mechanism, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LANGUAGES = ("ar", "fr")


def _import_with_changes(folder) -> int:
    """A registry imported twice from the command line, the second time with a changed
    phone and a rejected row: the id of the second import's job (changes, rejected rows,
    undo form)."""
    from io import StringIO

    from django.core.management import call_command

    from tadamun.imports.columns import COLUMNS
    from tadamun.imports.models import ImportJob

    row = "N1,تعاونية الأمل,cooperative,,MA,Nador,,35.17,-2.93,{phone},,,2012,25,0,3,"
    for n, phone in enumerate(("0661 23 45 67", "0662 11 22 33")):
        path = folder / f"registry-{n}.csv"
        lines = [",".join(COLUMNS), row.format(phone=phone), "N2,,cooperative,,XX" + "," * 12]
        path.write_text("\n".join(lines), encoding="utf-8")
        call_command("import", "actors", str(path), "--source", "nador-2026", "--no-scan",
                     stdout=StringIO())  # fmt: skip
    return ImportJob.objects.latest("pk").pk


@pytest.fixture
def nador_pages(consent_texts, settings, tmp_path):
    """A mechanism of Nador with its coordinator, an organisation, a service, a request,
    a target and a registry imported twice: the paths of the public pages to check, then
    of the staff's pages with whom to check them as (the coordinator, an administrator)."""
    from tadamun.catalogue.tests.conftest import make_service
    from tadamun.desk.services import request_submit_public
    from tadamun.directory.tests.factories import ActorFactory
    from tadamun.observatory.services import target_set
    from tadamun.people.models import ConsentText, Purpose
    from tadamun.places.models import Place

    nador = make_mechanism("nador", country="MA", territories=["MA-NAD"], name="Nador")
    yousra = make_user("yousra", mechanism=nador, role="coordinator")
    house = ActorFactory(
        name_ar="دار الاقتصاد الاجتماعي والتضامني",
        name_fr="Maison de l'ESS de Nador",
        place="MA-NAD-NADOR",
    )
    service = make_service(
        house,
        service_type="marketing",
        name_fr="Coaching en commercialisation",
        territories=["MA-NAD"],
    )
    request = request_submit_public(
        full_name="Rachida Boukili",
        email="rachida@example.ma",
        gender="woman",
        place=Place.objects.get(code="MA-NAD-NADOR"),
        topic="creation",
        message="Je veux créer une coopérative de couscous.",
        consent_text=ConsentText.objects.get(purpose=Purpose.ACCOMPANIMENT, version=1),
        language="fr",
    )
    year = timezone.localdate().year
    target_set(
        by=yousra,
        measure="requests_received",
        mechanism=nador,
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        value=20,
    )
    public = [
        "",
        "directory/?q=coop%C3%A9rative",
        f"directory/{house.pk}/",
        "services/",
        "atlas/",
        f"services/{service.pk}/",
        "ask/",
        "accounts/login/",
    ]
    staff = [
        "desk/",
        f"desk/{request.pk}/",
        "people/",
        f"people/{request.requester_id}/",
        "staff/observatory/numbers/?by=gender",
        "staff/observatory/targets/",
        "staff/cases/",
        "staff/cases/mechanism/nador/open/",
        "staff/mechanisms/nador/diagnostics/",
    ]
    platform = [
        "staff/imports/new/",
        f"staff/imports/{_import_with_changes(tmp_path)}/",
        "staff/duplicates/",
        "staff/privacy/register/",
    ]
    nadia = make_user("nadia", platform_role="administrator")
    return public, [(yousra, staff), (nadia, platform)]


def _violations(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    results = Axe().run(page, options=WCAG)
    return [
        f"{url}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_the_most_used_pages_meet_wcag_21_aa_in_arabic_and_french(live_server, page, nador_pages):
    public, staff = nador_pages
    found = []
    for language in LANGUAGES:
        for path in public:
            found += _violations(page, f"{live_server.url}/{language}/{path}")
    for user, paths in staff:
        client = Client()
        log_in(client, user)
        cookie = client.cookies["sessionid"].value
        page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        for language in LANGUAGES:
            for path in paths:
                found += _violations(page, f"{live_server.url}/{language}/{path}")
    assert found == [], "\n".join(found)


def test_the_checker_finds_what_it_is_asked_to(page):
    """The check above is not empty: the same engine, options and report on a page with
    a field without a label and grey text on white."""
    page.set_content(
        '<html lang="fr"><head><title>x</title></head><body><main>'
        '<input type="text"><p style="color:#ccc;background:#fff">gris</p></main></body></html>'
    )
    found = {v["id"] for v in Axe().run(page, options=WCAG).response["violations"]}
    assert {"label", "color-contrast"} <= found
