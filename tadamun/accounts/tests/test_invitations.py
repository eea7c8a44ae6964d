"""Accounts by invitation: a coordinator invites staff to her own mechanism by e-mail
(a real SMTP server here); the link works once and expires; roles stay where they are."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tadamun.accounts.models import Invitation, Membership

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "olive trees of the rif 2026"


def _invite(client, mechanism, email="fatima@example.org", role="advisor"):
    return client.post(
        reverse("mechanisms:invite", args=[mechanism.slug]), {"email": email, "role": role}
    )


def _link(message) -> str:
    body = message.content.decode()
    return re.search(r"https?://\S+/accounts/invitation/\S+/", body).group(0)


def test_a_coordinator_invites_an_advisor_who_sets_her_password_once(
    client, yousra, nador, log_in, smtp_server
):
    log_in(client, yousra)
    assert _invite(client, nador).status_code == 302
    (message,) = smtp_server.messages
    assert message.rcpt_tos == ["fatima@example.org"]
    link = _link(message)
    path = link.split("testserver", 1)[1]

    client.post(reverse("accounts:logout"))
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {"full_name": "Fatima Zahra", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302
    fatima = get_user_model().objects.get(username="fatima@example.org")
    assert fatima.password.startswith("argon2")
    assert Membership.objects.get(user=fatima).role == "advisor"
    # Single use.
    assert client.get(path).status_code == 404


def test_an_expired_invitation_answers_404(client, yousra, nador, log_in, smtp_server):
    log_in(client, yousra)
    _invite(client, nador)
    path = _link(smtp_server.messages[0]).split("testserver", 1)[1]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.post(reverse("accounts:logout"))
    assert client.get(path).status_code == 404


def test_a_weak_password_is_refused(client, yousra, nador, log_in, smtp_server):
    log_in(client, yousra)
    _invite(client, nador)
    path = _link(smtp_server.messages[0]).split("testserver", 1)[1]
    client.post(reverse("accounts:logout"))
    response = client.post(
        path, {"full_name": "Fatima", "password": "short1", "password_again": "short1"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="fatima@example.org").exists()


def test_karim_cannot_invite_into_nador_nor_an_advisor_invite_at_all(
    client, karim, amina, nador, log_in, smtp_server
):
    log_in(client, karim)
    assert _invite(client, nador).status_code == 404
    log_in(client, amina)
    assert _invite(client, nador).status_code == 404
    assert not Invitation.objects.exists() and not smtp_server.messages


def test_a_posted_role_cannot_be_raised_beyond_the_mechanism_roles(
    client, yousra, nador, log_in, smtp_server
):
    log_in(client, yousra)
    assert _invite(client, nador, role="administrator").status_code == 400
    assert not Invitation.objects.exists()


def test_karim_cannot_change_or_remove_staff_of_nador(client, karim, amina, log_in):
    membership = Membership.objects.get(user=amina)
    log_in(client, karim)
    role_url = reverse("mechanisms:staff_role", args=[membership.pk])
    assert client.post(role_url, {"role": "coordinator"}).status_code == 404
    remove_url = reverse("mechanisms:staff_remove", args=[membership.pk])
    assert client.post(remove_url).status_code == 404
    membership.refresh_from_db()
    assert membership.role == "advisor"


def test_removing_the_last_membership_closes_the_account(client, yousra, amina, log_in):
    log_in(client, yousra)
    membership = Membership.objects.get(user=amina)
    client.post(reverse("mechanisms:staff_remove", args=[membership.pk]))
    amina.refresh_from_db()
    assert not amina.is_active
