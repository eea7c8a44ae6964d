"""Orientation starts from the person's diagnostic: its weak dimensions are the needs."""

import pytest

from tadamun.diagnostics.default_questionnaire import SLUG
from tadamun.diagnostics.models import Questionnaire
from tadamun.diagnostics.services import diagnostic_answer, diagnostic_complete, diagnostic_start
from tadamun.diagnostics.tests.conftest import answers, best, worst

pytestmark = pytest.mark.django_db


def _diagnosed(person, mechanism, by, weak):
    version = Questionnaire.objects.get(slug=SLUG, mechanism__isnull=True).versions.get()
    diagnostic = diagnostic_start(mechanism=mechanism, version=version, person=person, by=by)
    given = answers(version, best) | answers(version, worst, weak)
    diagnostic_answer(diagnostic=diagnostic, answers=given, by=by)
    return diagnostic_complete(diagnostic=diagnostic, by=by)


def test_the_orientation_page_proposes_for_the_needs_of_the_latest_diagnostic(
    client, log_in, amina, nador, khadija, marketing, kef_digital
):
    diagnostic = _diagnosed(khadija, nador, amina, {"marketing"})
    log_in(client, amina)
    page = client.get(f"/en/staff/mechanisms/{nador.slug}/orientation/{khadija.pk}/")
    assert page.status_code == 200
    assert page.context["diagnostic"] == diagnostic
    assert list(page.context["needs"]) == ["marketing"]
    assert [p.service for p in page.context["proposals"]] == [marketing]


def test_the_profile_page_opens_the_orientation_on_its_needs(
    client, log_in, amina, nador, khadija, marketing
):
    diagnostic = _diagnosed(khadija, nador, amina, {"marketing", "digital"})
    log_in(client, amina)
    profile = client.get(f"/fr/staff/mechanisms/{nador.slug}/diagnostics/{diagnostic.pk}/")
    query = profile.context["orientation_query"]
    assert "needs=" in query and "score_marketing=" in query
    page = client.get(f"/fr/staff/mechanisms/{nador.slug}/orientation/{khadija.pk}/?{query}")
    assert set(page.context["needs"]) == {"marketing", "digital"}
    assert marketing in [p.service for p in page.context["proposals"]]
