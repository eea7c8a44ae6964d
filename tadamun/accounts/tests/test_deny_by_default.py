"""Deny by default, shown on every URL the platform has (enumerated from the URL
configuration, not picked by hand):

- without a login, only the pages `access.PUBLIC` lists answer; the others send to the
  login page (the API's writes answer 401);
- with a login in mechanism Nador, every URL that names an object of mechanism Le Kef
  answers 404, read or write, and the lists never show Le Kef's rows.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tadamun.accounts import access

pytestmark = pytest.mark.django_db


def all_urls():
    """(view name, route, converter names) of every URL, under /fr/ for i18n ones."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                route = str(pattern.pattern)
                walk(pattern.url_patterns, prefix + route, inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                found.append((name, prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


# The namespaces whose pages hold no mechanism's data: the public site, the platform's
# own tools (for analysts and administrators), the accounts' pages.
PLATFORM = (
    "admin",
    "api-1",
    "directory",
    "atlas",
    "services",
    "opendata",
    "core",
    "imports",
    "duplicates",
    "ask",  # the one-stop shop's public form
)


def _concrete(route: str, values: dict) -> str | None:
    """The route with its converters filled from `values`; None when one is unknown."""
    import re

    missing = []

    def fill(match):
        name = match.group(2)
        if name not in values:
            missing.append(name)
            return ""
        return str(values[name])

    path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
    if "(?P<" in path or "^" in path:
        return None
    return None if missing else "/" + path.replace("fr/", "fr/", 1)


def test_without_a_login_only_the_public_list_answers(client):
    for name, route, _pattern in all_urls():
        if name.startswith("admin:") and name != "admin:index":
            continue  # the admin's pages are behind admin:index, checked here
        path = _concrete(route, {"pk": 1, "slug": "x", "token": "x", "actor_id": 1})
        if path is None:
            continue
        public = access.is_public_name(name, "GET")
        response = client.get(path)
        if public:
            assert "?next=" not in response.get("Location", ""), name
        elif path.startswith("/api/"):
            assert response.status_code == 401, name
        else:
            assert response.status_code == 302, name
            assert "/accounts/login/" in response["Location"], name


def test_the_api_refuses_writes_without_a_login(client):
    assert client.post("/api/v1/actors", {}).status_code == 401


@pytest.fixture
def kef_objects(karim, sami, le_kef):
    """Objects of Le Kef for every kind of URL argument a mechanism's page takes."""
    from tadamun.accompaniment.models import Action, Case, CaseDocument
    from tadamun.accounts.models import Membership
    from tadamun.catalogue.models import Referral, Service
    from tadamun.desk.models import Request
    from tadamun.directory.models import Actor
    from tadamun.documents.models import Document
    from tadamun.observatory.models import Target
    from tadamun.people.models import Affiliation, Consent, ConsentText, Person

    person = Person.objects.create(
        mechanism=le_kef, full_name="Hajer Kefia", phone="+21678000111", email="h@kef.tn"
    )
    text = ConsentText.objects.filter(purpose="accompaniment").first() or (
        ConsentText.objects.create(
            purpose="accompaniment", version=99, text_ar="ن", text_fr="t", text_en="t"
        )
    )
    consent = Consent.objects.create(
        person=person, text=text, purpose="accompaniment", method="signed_form"
    )
    document = Document.objects.create(
        mechanism=le_kef,
        person=person,
        title="CIN",
        original_name="cin.pdf",
        stored_name="kef-test.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    actor = Actor.objects.create(name_fr="Coopérative Kefoise", country_id="TN")
    affiliation = Affiliation.objects.create(person=person, actor=actor, role="member")
    provider = Actor.objects.create(name_fr="Pépinière du Kef", country_id="TN")
    service = Service.objects.create(
        provider=provider, service_type="coaching", name_fr="Coaching au Kef"
    )
    referral = Referral.objects.create(
        mechanism=le_kef, person=person, service=service, sent_by=sami
    )
    request = Request.objects.create(
        mechanism=le_kef,
        channel="phone",
        topic="financing",
        message="Hajer asks about microcredit",
        requester=person,
    )
    case = Case.objects.create(mechanism=le_kef, person=person, advisor=sami, title="Apiculture")
    action = Action.objects.create(case=case, description="Ruches", owner="advisor")
    CaseDocument.objects.create(case=case, document=document)
    target = Target.objects.create(
        measure="jobs_created", mechanism=le_kef, start="2026-01-01", end="2026-12-31", value=5
    )
    return {
        "target": target.pk,
        "slug": le_kef.slug,
        "membership": Membership.objects.get(user=sami).pk,
        "person": person.pk,
        "consent": consent.pk,
        "document": document.pk,
        "affiliation": affiliation.pk,
        "referral": referral.pk,
        "request": request.pk,
        "case": case.pk,
        "case_action": action.pk,
        **_kef_diagnostics(le_kef, person.pk),
    }


def _kef_diagnostics(le_kef, person_pk) -> dict:
    """Le Kef's own questionnaire (a draft: its sections and questions can be edited) and
    a diagnostic of its person."""
    from tadamun.diagnostics.models import (
        Diagnostic,
        Question,
        Questionnaire,
        QuestionnaireVersion,
        Section,
    )

    questionnaire = Questionnaire.objects.create(mechanism=le_kef, slug="kef", title_fr="Kef")
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    section = Section.objects.create(version=version, title_fr="Kef")
    question = Question.objects.create(section=section, kind="scale", dimension="care")
    published = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=2, status="published"
    )
    diagnostic = Diagnostic.objects.create(mechanism=le_kef, version=published, person_id=person_pk)
    return {
        "questionnaire": questionnaire.pk,
        "version": version.pk,
        "section": section.pk,
        "question": question.pk,
        "diagnostic": diagnostic.pk,
    }


# What each URL argument of each mechanism page names, by view: the walk fails on a page
# it does not know, so that every new page is added here (and so checked).
ARGUMENTS = {
    "mechanisms:detail": {"slug": "slug"},
    "mechanisms:invite": {"slug": "slug"},
    "mechanisms:staff_role": {"pk": "membership"},
    "mechanisms:staff_remove": {"pk": "membership"},
    "observatory:target_delete": {"pk": "target"},
    "people:detail": {"pk": "person"},
    "people:edit": {"pk": "person"},
    "people:consent_add": {"pk": "person"},
    "people:consent_withdraw": {"pk": "person", "consent_pk": "consent"},
    "documents:upload": {"person_pk": "person"},
    "documents:download": {"pk": "document"},
    "documents:delete": {"pk": "document"},
    "privacy:person_export_json": {"pk": "person"},
    "privacy:person_export_html": {"pk": "person"},
    "privacy:person_erase": {"pk": "person"},
    "people:roles": {"pk": "person"},
    "people:organisations": {"pk": "person"},
    "people:affiliation_remove": {"pk": "person", "affiliation_pk": "affiliation"},
    "people:merge": {"pk": "person"},
    "desk:detail": {"pk": "request"},
    "desk:assign": {"pk": "request"},
    "desk:take": {"pk": "request"},
    "desk:answer": {"pk": "request"},
    "desk:answer_send": {"pk": "request"},
    "desk:close": {"pk": "request"},
    "desk:reject": {"pk": "request"},
    "desk:route": {"pk": "request"},
    "desk:route_reject": {"pk": "request"},
    "desk:settings": {"slug": "slug"},
    "diagnostics:list": {"slug": "slug"},
    "diagnostics:start": {"slug": "slug"},
    "diagnostics:detail": {"slug": "slug", "pk": "diagnostic"},
    "diagnostics:fill": {"slug": "slug", "pk": "diagnostic"},
    "diagnostics:questionnaires": {"slug": "slug"},
    "diagnostics:questionnaire_add": {"slug": "slug"},
    "diagnostics:questionnaire": {"slug": "slug", "pk": "questionnaire"},
    "diagnostics:questionnaire_copy": {"slug": "slug", "pk": "questionnaire"},
    "diagnostics:version": {"slug": "slug", "pk": "version"},
    "diagnostics:version_publish": {"slug": "slug", "pk": "version"},
    "diagnostics:version_retire": {"slug": "slug", "pk": "version"},
    "diagnostics:version_draft": {"slug": "slug", "pk": "version"},
    "diagnostics:section_add": {"slug": "slug", "pk": "version"},
    "diagnostics:section_edit": {"slug": "slug", "pk": "section"},
    "diagnostics:section_move": {"slug": "slug", "pk": "section"},
    "diagnostics:section_delete": {"slug": "slug", "pk": "section"},
    "diagnostics:question_add": {"slug": "slug", "pk": "section"},
    "diagnostics:question_edit": {"slug": "slug", "pk": "question"},
    "diagnostics:question_move": {"slug": "slug", "pk": "question"},
    "diagnostics:question_delete": {"slug": "slug", "pk": "question"},
    "accompaniment:list": {"slug": "slug"},
    "accompaniment:open": {"slug": "slug"},
    **{
        f"accompaniment:{name}": {"pk": "case"}
        for name in (
            "detail",
            "edit",
            "move",
            "close",
            "reassign",
            "session_add",
            "action_add",
            "document_add",
            "organisation",
            "job_add",
            "turnover",
        )
    },
    "accompaniment:action_done": {"pk": "case", "action_pk": "case_action"},
    "accompaniment:document_delete": {"pk": "case", "document_pk": "document"},
    "referrals:list": {"slug": "slug"},
    "referrals:outcome": {"slug": "slug", "pk": "referral"},
    "referrals:orientation": {"slug": "slug", "person_pk": "person"},
    "referrals:send": {"slug": "slug", "person_pk": "person"},
}


def test_nador_staff_get_404_for_every_url_of_le_kef(client, amina, yousra, log_in, kef_objects):
    checked = 0
    for user in (amina, yousra):
        log_in(client, user)
        for name, route, _pattern in all_urls():
            if name.split(":")[0] in PLATFORM or name.startswith("accounts:"):
                continue
            if "<" not in route:
                continue  # lists: see the next test
            assert name in ARGUMENTS, f"{name} ({route}): say what its arguments name"
            values = {arg: kef_objects[kind] for arg, kind in ARGUMENTS[name].items()}
            path = _concrete(route, values)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                status = response.status_code
                if status == 405:
                    # A method the view never takes is refused before anything is read:
                    # the same answer for any id, existing or not, so it tells nothing.
                    nowhere = _concrete(route, dict.fromkeys(values, 987654))
                    if "<slug" in route:
                        nowhere = path.replace(kef_objects["slug"], "no-such-mechanism")
                    assert getattr(client, method)(nowhere).status_code == 405, name
                    continue
                assert status == 404, f"{method.upper()} {path} ({name})"
                checked += 1
    assert checked >= 8


def test_nador_lists_never_show_le_kef_rows(client, amina, yousra, log_in, kef_objects):
    for user in (amina, yousra):
        log_in(client, user)
        for name, route, _pattern in all_urls():
            if name.split(":")[0] in PLATFORM or "<" in route or name.startswith("accounts:"):
                continue
            response = client.get("/" + route)
            body = b"".join(response) if response.streaming else response.content
            text = body.decode(errors="replace")
            for secret in ("Hajer", "+21678000111", "h@kef.tn", "Le Kef"):
                assert secret not in text, f"{name} shows {secret!r}"
