"""The written permission matrix is the one the code follows."""

from pathlib import Path

from django.conf import settings

from tadamun.accounts.docs import permissions_table
from tadamun.accounts.permissions import ACTIONS, MATRIX, can, role_sees_personal_data


def test_docs_permissions_md_is_the_matrix_of_the_code():
    written = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text()
    assert permissions_table() in written


def test_every_role_names_only_known_actions():
    for role, actions in MATRIX.items():
        assert set(actions) <= set(ACTIONS), role


def test_the_analyst_sees_no_personal_data_and_the_others_do():
    assert not role_sees_personal_data("analyst")
    for role in ("advisor", "trainer", "coordinator", "administrator"):
        assert role_sees_personal_data(role)


def test_roles_act_in_their_own_mechanism_only(amina, karim, nador, le_kef, salma):
    assert can(amina, "person.view", nador) and not can(amina, "person.view", le_kef)
    assert can(karim, "person.erase", le_kef) and not can(karim, "person.erase", nador)
    assert not can(amina, "person.erase", nador)  # an advisor does not erase
    assert not can(salma, "person.view", nador)  # never names for the analyst
    assert can(salma, "statistics.view", le_kef)


def test_an_inactive_mechanism_gives_no_rights(amina, nador):
    nador.is_active = False
    nador.save(update_fields=["is_active"])
    amina.refresh_from_db()
    assert not can(amina, "person.view", nador)
