"""Named people and mechanisms for the tests (fixtures in the root conftest.py).

- mechanisms `nador` (Morocco, territorial, Nador province) and `le_kef` (Tunisia,
  territorial, Kef governorate);
- `amina`: advisor in Nador; `hind`: trainer in Nador; `yousra`: coordinator in Nador;
- `karim`: coordinator in Le Kef; `sami`: advisor in Le Kef;
- `salma`: observatory analyst; `nadia`: platform administrator;
- `outsider`: an account with no role at all.
"""

from django.contrib.auth import get_user_model

from tadamun.accounts.middleware import session_mark_login
from tadamun.accounts.models import Account, Membership, PlatformRole, Role
from tadamun.mechanisms.models import Mechanism
from tadamun.places.models import Country, Place

PASSWORD = "a long test passphrase 42"  # noqa: S105 (the tests' own)


def make_mechanism(slug: str, *, country: str, territories: list[str], name: str) -> Mechanism:
    mechanism = Mechanism.objects.create(
        slug=slug,
        kind=Mechanism.Kind.TERRITORIAL,
        country=Country.objects.get(code=country),
        name_ar=name,
        name_fr=name,
        name_en=name,
    )
    mechanism.territories.set(Place.objects.filter(code__in=territories))
    return mechanism


def make_user(username: str, *, mechanism=None, role: str = "", platform_role: str = ""):
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.capitalize(),
        is_staff=platform_role == PlatformRole.ADMINISTRATOR,
    )
    Account.objects.create(user=user, platform_role=platform_role)
    if mechanism is not None:
        Membership.objects.create(user=user, mechanism=mechanism, role=role)
    return user


def log_in(client, user) -> None:
    """Logs `user` in on a test client as if through the login pages (second factor
    given), without typing a password and a code."""
    client.force_login(user)
    session = client.session
    request = type("R", (), {"session": session})()
    session_mark_login(request, second_factor=True)
    session.save()


__all__ = ["PASSWORD", "Role", "log_in", "make_mechanism", "make_user"]
