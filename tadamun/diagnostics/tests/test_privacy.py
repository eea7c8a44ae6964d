"""A person's diagnostics in their rights: exported with everything else, erased with
their record (the answers go, the scores stay for the statistics)."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from tadamun.accounts.tests.test_deny_by_default import ARGUMENTS, _concrete, all_urls
from tadamun.diagnostics import services
from tadamun.diagnostics.models import Answer, Diagnostic
from tadamun.diagnostics.tests.conftest import answers, best, questions_of
from tadamun.privacy.register import register_load
from tadamun.privacy.services import person_data, person_erase

pytestmark = pytest.mark.django_db


@pytest.fixture
def diagnosed(default_version, nador, amina, fatima):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    text = next(q for q in questions_of(default_version) if q.kind == "long_text")
    services.diagnostic_answer(
        diagnostic=diagnostic,
        answers=answers(default_version, best, {"care"})
        | {text.pk: "Ouvrir une crèche à Zeghanghane"},
        by=amina,
    )
    services.diagnostic_complete(diagnostic=diagnostic, by=amina)
    return Diagnostic.objects.get(pk=diagnostic.pk)


def test_the_export_of_a_person_holds_their_diagnostics_answers_and_accesses(diagnosed, fatima):
    data = person_data(fatima)["other"]["diagnostics"]
    assert len(data) == 1
    exported = data[0]
    assert exported["profile"] == {"care": 100}
    assert exported["status"] == "completed"
    assert any(a["answer"] == "Ouvrir une crèche à Zeghanghane" for a in exported["answers"])
    assert any(a["answer"] == "Oui" for a in exported["answers"])
    assert {entry["action"] for entry in exported["accesses"]} == {"create", "change"}
    json.dumps(data, cls=DjangoJSONEncoder)  # JSON-ready


def test_the_json_export_page_includes_the_diagnostics(client, log_in, yousra, diagnosed, fatima):
    log_in(client, yousra)
    response = client.get(reverse("privacy:person_export_json", args=[fatima.pk]))
    assert response.status_code == 200
    assert "Zeghanghane" in response.content.decode()


def test_erasure_deletes_the_answers_and_keeps_the_scores(diagnosed, fatima, yousra):
    person_erase(person=fatima, by=yousra)
    assert not Answer.objects.filter(diagnostic=diagnosed).exists()
    diagnosed.refresh_from_db()
    assert diagnosed.profile == {"care": 100}
    assert person_data(fatima)["other"]["diagnostics"][0]["answers"] == []


def test_the_register_names_the_diagnostics_tables():
    models = {entry.model for entry in register_load().entries}
    assert {"diagnostics.Diagnostic", "diagnostics.Answer"} <= models


def test_nador_staff_get_404_for_kef_objects_even_through_nadors_own_address(
    client, log_in, yousra, amina, nador, le_kef, karim
):
    from tadamun.accounts.tests.test_deny_by_default import _kef_diagnostics
    from tadamun.people.tests.conftest import record

    person = record(le_kef, karim, "Hajer Kefia")
    objects = _kef_diagnostics(le_kef, person.pk) | {"slug": nador.slug}
    checked = 0
    for user in (amina, yousra):
        log_in(client, user)
        for name, route, _pattern in all_urls():
            if not name.startswith("diagnostics:") or "pk" not in ARGUMENTS[name]:
                continue
            values = {arg: objects[kind] for arg, kind in ARGUMENTS[name].items()}
            path = _concrete(route, values)
            for method in ("get", "post"):
                status = getattr(client, method)(path).status_code
                if status == 405:
                    continue
                assert status == 404, f"{method} {path} ({name})"
                checked += 1
    assert checked >= 20
