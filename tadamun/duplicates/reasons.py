"""The reasons of a score, as staff read them."""

from django.utils.translation import gettext as _


def reason_label(code: str, value) -> str:
    labels = {
        "name": lambda: _("names alike (%(percent)s %%)") % {"percent": round((value or 0) * 100)},
        "name_activity_differs": lambda: _("the names say different activities"),
        "phone": lambda: _("same phone"),
        "phone_differs": lambda: _("different phones"),
        "email": lambda: _("same e-mail"),
        "email_differs": lambda: _("different e-mails"),
        "website": lambda: _("same website"),
        "near": lambda: _("%(km)s km apart") % {"km": value},
        "far": lambda: _("%(km)s km apart") % {"km": value},
        "other_country": lambda: _("different countries"),
        "other_region": lambda: _("different regions"),
        "same_territory": lambda: _("same province"),
        "other_territory": lambda: _("different provinces"),
        "same_sector": lambda: _("a sector in common"),
        "sectors_differ": lambda: _("no sector in common"),
        "legal_form_differs": lambda: _("different legal forms"),
        "legal_form_kind_differs": lambda: _("different kinds of organisation"),
        "same_year": lambda: _("founded the same year"),
        "year_differs": lambda: _("founded in different years"),
    }
    label = labels.get(code)
    return label() if label else code


def reason_list(reasons: list) -> list[tuple[str, bool]]:
    """(label, speaks for the pair being one organisation), strongest first."""
    ordered = sorted(reasons, key=lambda r: -abs(r[2]))
    return [(reason_label(code, value), weight > 0) for code, value, weight in ordered]
