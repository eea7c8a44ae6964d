"""Setting the fields a service was given on a model instance."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def fields_set(obj: models.Model, fields: dict, *, allowed: Iterable[str]) -> list[str]:
    """Set `fields` (name: value) on `obj` and return the names of those whose value
    changed, for `save(update_fields=…)` and the audit. Texts are stripped; a foreign key
    takes an instance or an id and is compared by id (its related object is not read). A
    name not in `allowed` refuses them all."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        field = obj._meta.get_field(name)
        if field.many_to_one:
            name_set, value = field.attname, getattr(value, "pk", value)
        else:
            name_set = name
        if getattr(obj, name_set) != value:
            setattr(obj, name_set, value)
            changed.append(name)
    return changed
