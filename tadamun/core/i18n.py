"""Trilingual fields: one column per language (`name_ar`, `name_fr`, `name_en`).

A reader gets the value in the active language, else the first filled one in a fallback
order that keeps the script of the reader where possible (a French reader sees the English
name before the Arabic one, an Arabic reader the French name before the English one, which
is how most bilingual registries in the Maghreb are written).
"""

from django.utils.translation import get_language

LANGUAGE_CODES = ("ar", "fr", "en")

FALLBACKS = {
    "ar": ("ar", "fr", "en"),
    "fr": ("fr", "en", "ar"),
    "en": ("en", "fr", "ar"),
}


def current_language() -> str:
    language = (get_language() or "fr").split("-")[0]
    return language if language in FALLBACKS else "fr"


def localized(obj, field: str, language: str | None = None) -> str:
    """The value of `<field>_<lang>` on `obj` in `language` (default: active), with fallback."""
    for code in FALLBACKS[language or current_language()]:
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return value
    return ""


def all_values(obj, field: str) -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in LANGUAGE_CODES}


def localized_language(obj, field: str, language: str | None = None) -> str:
    """The language code of the value `localized` returns ("" when every one is empty)."""
    for code in FALLBACKS[language or current_language()]:
        if getattr(obj, f"{field}_{code}", ""):
            return code
    return ""


class TrilingualNameMixin:
    """`name` in the active language for models with `name_ar`, `name_fr`, `name_en`."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name
