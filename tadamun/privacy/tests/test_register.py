"""The register of processing: it names every field that could hold personal data, only
fields that exist, the audit's own period, and every rule the retention command applies."""

import html
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from tadamun.audit.models import RETENTION_DAYS
from tadamun.privacy.register import PATH, RegisterError, register_load, register_parse
from tadamun.privacy.retention import STEPS

# Words in a field's name that suggest personal data. Short words are matched as whole
# parts of the name (`ip`, not "description"'s letters), longer ones anywhere in it.
LOOKS_PERSONAL = re.compile(
    r"phone|mail|name|birth|gender|address|note|witness|user|person|secret|session"
    r"|description|password|token|snapshot|repr|message|sample|rejection|title|who"
    r"|(^|_)(ip|data|key|keys|body|error)(_|$)"
)
PERSONAL_MODELS = {settings.AUTH_USER_MODEL, "people.Person"}


def _fields_of_every_model():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.get_fields():
            if field.concrete or (field.many_to_many and not field.auto_created):
                yield model, field


def _looks_personal(field: models.Field) -> bool:
    related = field.related_model
    if related is not None and related._meta.label in PERSONAL_MODELS:
        return True
    return bool(LOOKS_PERSONAL.search(field.name))


def test_every_field_that_could_hold_personal_data_is_in_the_register():
    register = register_load()
    declared = register.personal_fields() | register.not_personal_fields()
    missing = sorted(
        f"{model._meta.label}.{field.name}"
        for model, field in _fields_of_every_model()
        if _looks_personal(field) and f"{model._meta.label}.{field.name}" not in declared
    )
    assert missing == [], (
        "Add these fields to tadamun/privacy/register.toml, as personal in their "
        f"model's entry or in [[not_personal]] with a reason: {missing}"
    )


def test_the_walk_sees_the_fields_it_must():
    # The check above is only as good as its walk: it reaches the people's and the
    # staff's fields, foreign keys to people and users included.
    seen = {
        f"{model._meta.label}.{field.name}"
        for model, field in _fields_of_every_model()
        if _looks_personal(field)
    }
    assert {
        "people.Person.full_name",
        "people.Consent.witness",
        "documents.Document.person",
        "accounts.LoginFailure.ip",
        "accounts.Account.totp_secret",
        "sessions.Session.session_data",
        "imports.ImportJob.data",
        "auth.User.user_permissions",
        "audit.AuditEntry.user",
    } <= seen


def test_every_listed_field_exists():
    register = register_load()
    for dotted in register.personal_fields() | register.not_personal_fields():
        label, _dot, name = dotted.rpartition(".")
        apps.get_model(label)._meta.get_field(name)  # raises if not


def test_the_register_names_the_models_the_brief_asks_for():
    models_listed = {entry.model for entry in register_load().entries}
    assert {
        "people.Person",
        "people.Consent",
        "documents.Document",
        "accounts.Account",
        "accounts.Invitation",
        "accounts.LoginFailure",
        "accounts.SessionRecord",
        "auth.User",
        "audit.AuditEntry",
        "imports.ImportJob",
        "directory.Actor",
        "duplicates.Merge",
        "sessions.Session",
    } <= models_listed


def test_the_audit_keeps_its_entries_as_long_as_the_register_says():
    assert register_load().rule("audit.AuditEntry", "expired").days == RETENTION_DAYS


def test_every_retention_rule_has_its_step_in_the_command_and_no_step_is_without_rule():
    in_register = {(rule.model, rule.key) for rule in register_load().rules()}
    in_command = {pair for _step, pairs in STEPS for pair in pairs}
    assert in_register == in_command


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('model = "people.Person"', 'model = "people.Nobody"'), "no model"),
        (('"full_name", "gender"', '"fullname", "gender"'), "no field 'fullname'"),
        (('legal_basis = "consent"', 'legal_basis = "whim"'), "unknown legal basis"),
        (("days = 1095", "days = -1"), "whole number"),
        (('then = "anonymise"', 'then = "forget"'), "unknown outcome"),
        (('from = "last_activity_at"', 'from = "last_seen"'), "no field path"),
        (('subjects = ["beneficiaries"]', 'subjects = ["aliens"]'), "subjects"),
    ],
)
def test_a_register_with_a_mistake_is_refused(change, message):
    old, new = change
    text = PATH.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(RegisterError, match=message):
        register_parse(text.replace(old, new, 1))


def test_a_field_cannot_be_both_personal_and_not():
    text = PATH.read_text(encoding="utf-8") + (
        '\n[[not_personal]]\nfields = ["people.Person.phone"]\nreason = "oops"\n'
    )
    with pytest.raises(RegisterError, match="both personal and not"):
        register_parse(text)


def test_any_staff_member_reads_the_register_in_their_language(client, log_in, amina):
    log_in(client, amina)
    with translation.override("fr"):
        url = reverse("privacy:register")
    response = client.get(url)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Fiches des personnes accompagnées par un dispositif" in page
    assert "Journal d'audit" in page
    assert "1826" in page


def test_the_register_in_english_gives_the_english_texts(client, log_in, salma):
    log_in(client, salma)
    with translation.override("en"):
        response = client.get(reverse("privacy:register"))
    assert response.status_code == 200
    assert "Records of the people a mechanism accompanies" in response.content.decode()


def test_an_account_without_a_role_gets_404_for_the_register(client, log_in, outsider):
    log_in(client, outsider)
    assert client.get(reverse("privacy:register")).status_code == 404


def test_the_register_needs_a_login(client, db):
    response = client.get(reverse("privacy:register"))
    assert response.status_code == 302
