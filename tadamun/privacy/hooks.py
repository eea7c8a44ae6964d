"""What other apps hold about a person, for the person's rights.

An app that keeps data about a person outside the people app (the one-stop shop's cases,
calls, trainings…) registers, in its AppConfig.ready():

    from tadamun.privacy.hooks import person_hook_register

    person_hook_register("cases", collect=cases_about, erase=cases_anonymise)

`collect(person)` returns what the app holds about the person, as JSON-ready data (lists and
dicts of strings, numbers, dates); it goes into the person's export under the app's name.
`erase(person)` removes or anonymises it; it runs inside the erasure's transaction, so an
error undoes the whole erasure. It must keep what the statistics count (see
docs/privacy.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonHook:
    app: str
    collect: Callable[[Any], Any]
    erase: Callable[[Any], None]


_HOOKS: dict[str, PersonHook] = {}


def person_hook_register(
    app: str, *, collect: Callable[[Any], Any], erase: Callable[[Any], None]
) -> None:
    """Registers (or replaces) the functions of `app`."""
    _HOOKS[app] = PersonHook(app=app, collect=collect, erase=erase)


def person_hook_unregister(app: str) -> None:
    _HOOKS.pop(app, None)


def person_hooks() -> list[PersonHook]:
    return [_HOOKS[app] for app in sorted(_HOOKS)]
