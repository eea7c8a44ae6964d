"""What the staff pages' forms share."""

from django.core.exceptions import ValidationError


def form_errors_from(form, error: ValidationError, *, rest: str | None = None) -> None:
    """A service's refusal shown on the form that asked for it: each message on its field
    when the form has that field, the others on `rest` (a field's name; None: the form
    as a whole)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else rest, errors)
    else:
        form.add_error(rest, error)
