"""Diagnostics on other apps' pages: a person's diagnostics on their record, the link
from a mechanism's page. Each shows only what the user may see."""

from django import template

from tadamun.accounts.permissions import can

register = template.Library()


@register.inclusion_tag("diagnostics/_person_panel.html", takes_context=True)
def person_diagnostics(context, person):
    user = context["request"].user
    mechanism = person.mechanism
    if not can(user, "diagnostic.view", mechanism):
        return {"show": False}
    diagnostics = list(
        person.diagnostics.select_related("version__questionnaire").order_by("-started_at", "-pk")
    )
    return {
        "show": True,
        "person": person,
        "mechanism": mechanism,
        "diagnostics": diagnostics,
        "can_start": person.anonymised_at is None and can(user, "diagnostic.fill", mechanism),
    }


@register.inclusion_tag("diagnostics/_mechanism_link.html", takes_context=True)
def mechanism_diagnostics(context, mechanism):
    user = context["request"].user
    return {
        "show": can(user, "diagnostic.view", mechanism),
        "mechanism": mechanism,
    }
