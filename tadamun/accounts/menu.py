"""The pages of the staff's menu, each shown to those who may use it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tadamun.accounts.permissions import can


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    action: str


ENTRIES = (
    Entry("desk:queue", _("Requests"), "request.view"),
    Entry("people:list", _("People"), "person.view"),
    Entry("desk:unrouted", _("Unrouted requests"), "request.route"),
    Entry("diagnostics_home", _("Diagnostics"), "diagnostic.view"),
    Entry("accompaniment:mine", _("My cases"), "case.view"),
    Entry("observatory:numbers", _("Numbers"), "statistics.view"),
    Entry("mechanisms:list", _("Mechanisms"), "mechanism.view"),
    Entry("audit:trail", _("Audit trail"), "audit.view"),
    Entry("imports:list", _("Imports"), "directory.import"),
    Entry("duplicates:queue", _("Duplicates"), "duplicates.review"),
    Entry("privacy:register", _("Personal data"), "privacy.view"),
)


def menu_for(user) -> list[tuple[str, str]]:
    entries = []
    for entry in ENTRIES:
        if can(user, entry.action):
            try:
                entries.append((reverse(entry.url_name), entry.label))
            except NoReverseMatch:  # a page of an app this installation leaves out
                continue
    return entries
