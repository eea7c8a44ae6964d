"""The programme's mechanisms, their pages, and the first administrator's invitation."""

import io

import pytest
from django.core.management import call_command

from tadamun.accounts.models import Invitation
from tadamun.mechanisms.models import Mechanism
from tadamun.mechanisms.services import mechanisms_load_programme

pytestmark = pytest.mark.django_db


def test_the_programme_has_six_territorial_mechanisms_loaded_once():
    assert mechanisms_load_programme() == 6
    assert mechanisms_load_programme() == 0
    nador = Mechanism.objects.get(slug="nador")
    assert [p.code for p in nador.territories.all()] == ["MA-NAD"]
    assert nador.name_ar == "آلية الناظور"


def test_the_first_administrator_is_invited_from_the_command_line(smtp_server):
    out = io.StringIO()
    call_command("invite", "admin@example.org", "--platform-role", "administrator", stdout=out)
    assert "/accounts/invitation/" in out.getvalue()
    assert Invitation.objects.get().platform_role == "administrator"
    assert smtp_server.messages[0].rcpt_tos == ["admin@example.org"]


def test_staff_see_their_mechanisms_and_their_colleagues(client, amina, yousra, karim, log_in):
    log_in(client, amina)
    page = client.get("/en/staff/mechanisms/").content.decode()
    assert "Nador" in page and "Le Kef" not in page
    detail = client.get("/en/staff/mechanisms/nador/").content.decode()
    assert "yousra@example.org" not in detail  # an advisor does not list the staff
    log_in(client, yousra)
    detail = client.get("/en/staff/mechanisms/nador/").content.decode()
    assert "amina@example.org" in detail and "Invite staff" in detail
    assert client.get("/en/staff/mechanisms/le-kef/").status_code == 404


def test_the_administrator_sees_every_mechanism(client, nadia, nador, le_kef, log_in):
    log_in(client, nadia)
    page = client.get("/en/staff/mechanisms/").content.decode()
    assert "Nador" in page and "Le Kef" in page
