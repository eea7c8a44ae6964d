"""The register of processing (`register.toml`): loaded, checked against the models, and
read by the staff's page, the retention command and the tests.

The file is the one place that says which fields hold personal data, why, on which legal
basis, for whom and for how long. `register_load()` refuses a file that names a model or a
field that does not exist, a legal basis or an outcome it does not know, or a retention
rule without its period.
"""

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tadamun.core.i18n import current_language

PATH = Path(__file__).with_name("register.toml")

# Per law 09-08 art. 4 (Morocco), organic law 2004-63 (Tunisia: consent, art. 27, and its
# exceptions) and the GDPR's art. 6(1), the model of both.
LEGAL_BASES = {
    "consent": (_("consent of the person"), "09-08 art. 4 · 2004-63 art. 27 · GDPR 6(1)(a)"),
    "contract": (_("performance of a contract"), "09-08 art. 4 (c) · GDPR 6(1)(b)"),
    "legal_obligation": (_("legal obligation"), "09-08 art. 4 (a) · GDPR 6(1)(c)"),
    "public_interest": (_("task in the public interest"), "09-08 art. 4 (b) · GDPR 6(1)(e)"),
    "legitimate_interest": (_("legitimate interest"), "09-08 art. 4 (e) · GDPR 6(1)(f)"),
}
SUBJECTS = {
    "beneficiaries": _("beneficiaries and project holders"),
    "staff": _("staff of mechanisms and of the platform"),
    "invitees": _("people invited to join the staff"),
    "organisations": _("contacts of SSE organisations"),
    "visitors": _("anyone who tries to log in"),
}
OUTCOMES = {
    "anonymise": _("anonymised"),
    "delete": _("deleted"),
    "clear": _("fields cleared"),
}
TEXTS = ("title", "purpose", "recipients", "kept", "security")
LANGUAGES = ("en", "fr")


class RegisterError(ImproperlyConfigured):
    """The register is not what the code and the tests can rely on."""


def _text(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or any(not value.get(code) for code in LANGUAGES):
        raise RegisterError(f"{where}: needs a text in {' and '.join(LANGUAGES)}")
    return {code: str(value[code]).strip() for code in LANGUAGES}


def _in_language(texts: dict[str, str]) -> str:
    # An Arabic reader gets the French text, as the trilingual fields fall back.
    language = current_language()
    return texts.get(language) or texts["fr"]


@dataclass(frozen=True)
class Rule:
    """Once `days` have passed since `start` (a field or a path through relations), the
    record is anonymised, deleted or has the fields `clear` cleared."""

    model: str
    key: str
    days: int
    start: str
    then: str
    notice_days: int = 0
    clear: tuple[str, ...] = ()

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.days)

    @property
    def then_label(self) -> str:
        return OUTCOMES[self.then]


@dataclass(frozen=True)
class Entry:
    model: str
    personal: tuple[str, ...]
    derived: dict[str, tuple[str, ...]]
    legal_basis: str
    subjects: tuple[str, ...]
    texts: dict[str, dict[str, str]]
    retention: tuple[Rule, ...]

    def text(self, name: str) -> str:
        return _in_language(self.texts[name])

    title = property(lambda self: self.text("title"))
    purpose = property(lambda self: self.text("purpose"))
    recipients = property(lambda self: self.text("recipients"))
    kept = property(lambda self: self.text("kept"))
    security = property(lambda self: self.text("security"))

    @property
    def legal_basis_label(self) -> str:
        return LEGAL_BASES[self.legal_basis][0]

    @property
    def legal_basis_reference(self) -> str:
        return LEGAL_BASES[self.legal_basis][1]

    @property
    def subject_labels(self) -> list[str]:
        return [SUBJECTS[code] for code in self.subjects]

    @property
    def verbose_fields(self) -> list[tuple[str, str]]:
        """(model label, the fields' names as the reader reads them) of this entry and
        of its derived copies."""
        rows = [(self.model, self.personal), *self.derived.items()]
        return [(label, [_field_label(label, name) for name in names]) for label, names in rows]


@dataclass(frozen=True)
class NotPersonal:
    fields: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Register:
    meta: dict
    entries: tuple[Entry, ...]
    not_personal: tuple[NotPersonal, ...]

    def entry(self, model: str) -> Entry:
        for entry in self.entries:
            if entry.model == model:
                return entry
        raise KeyError(model)

    def rule(self, model: str, key: str) -> Rule:
        for rule in self.entry(model).retention:
            if rule.key == key:
                return rule
        raise KeyError(f"{model}:{key}")

    def rules(self) -> list[Rule]:
        return [rule for entry in self.entries for rule in entry.retention]

    def personal_fields(self) -> set[str]:
        """Every "app_label.Model.field" listed as personal, derived copies included."""
        found = set()
        for entry in self.entries:
            found |= {f"{entry.model}.{name}" for name in entry.personal}
            for label, names in entry.derived.items():
                found |= {f"{label}.{name}" for name in names}
        return found

    def not_personal_fields(self) -> set[str]:
        return {name for group in self.not_personal for name in group.fields}

    @property
    def controller(self) -> str:
        return _in_language(self.meta["controller"])

    @property
    def contact(self) -> str:
        return _in_language(self.meta["contact"])


def _model(label: str, where: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise RegisterError(f"{where}: no model {label!r}") from error


def _check_field(label: str, name: str, where: str) -> None:
    try:
        _model(label, where)._meta.get_field(name)
    except FieldDoesNotExist as error:
        raise RegisterError(f"{where}: {label} has no field {name!r}") from error


def _check_path(label: str, path: str, where: str) -> None:
    """A field, or a path through relations ("consents__withdrawn_at")."""
    model = _model(label, where)
    for part in path.split("__"):
        try:
            found = model._meta.get_field(part)
        except FieldDoesNotExist as error:
            raise RegisterError(f"{where}: {label} has no field path {path!r}") from error
        model = found.related_model or model


def _field_label(label: str, name: str) -> str:
    found = apps.get_model(label)._meta.get_field(name)
    return str(getattr(found, "verbose_name", name) or name)


def _rule(model: str, raw: dict, where: str) -> Rule:
    for key in ("key", "days", "from", "then"):
        if key not in raw:
            raise RegisterError(f"{where}: a retention rule needs {key!r}")
    if raw["then"] not in OUTCOMES:
        raise RegisterError(f"{where}: unknown outcome {raw['then']!r}")
    if not isinstance(raw["days"], int) or raw["days"] < 0:
        raise RegisterError(f"{where}: days must be a whole number, 0 or more")
    _check_path(model, raw["from"], where)
    clear = tuple(raw.get("clear", ()))
    if (raw["then"] == "clear") != bool(clear):
        raise RegisterError(f"{where}: `clear` lists the fields an outcome 'clear' clears")
    for name in clear:
        _check_field(model, name, where)
    return Rule(
        model=model,
        key=raw["key"],
        days=raw["days"],
        start=raw["from"],
        then=raw["then"],
        notice_days=int(raw.get("notice_days", 0)),
        clear=clear,
    )


def _entry(raw: dict, index: int) -> Entry:
    model = raw.get("model", "")
    where = f"processing #{index + 1} ({model or '?'})"
    _model(model, where)
    personal = tuple(raw.get("personal", ()))
    if not personal:
        raise RegisterError(f"{where}: lists no personal field")
    for name in personal:
        _check_field(model, name, where)
    derived = {label: tuple(names) for label, names in raw.get("derived", {}).items()}
    for label, names in derived.items():
        for name in names:
            _check_field(label, name, where)
    if raw.get("legal_basis") not in LEGAL_BASES:
        raise RegisterError(f"{where}: unknown legal basis {raw.get('legal_basis')!r}")
    subjects = tuple(raw.get("subjects", ()))
    if not subjects or any(code not in SUBJECTS for code in subjects):
        raise RegisterError(f"{where}: subjects must be among {sorted(SUBJECTS)}")
    texts = {name: _text(raw.get(name), f"{where}.{name}") for name in TEXTS}
    rules = tuple(_rule(model, rule, where) for rule in raw.get("retention", ()))
    if len({rule.key for rule in rules}) != len(rules):
        raise RegisterError(f"{where}: two retention rules share a key")
    return Entry(
        model=model,
        personal=personal,
        derived=derived,
        legal_basis=raw["legal_basis"],
        subjects=subjects,
        texts=texts,
        retention=rules,
    )


def register_parse(text: str) -> Register:
    """The register written in `text`, checked (RegisterError otherwise)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RegisterError(f"register.toml: {error}") from error
    meta = raw.get("meta", {})
    for name in ("controller", "contact"):
        meta[name] = _text(meta.get(name), f"meta.{name}")
    entries = tuple(_entry(item, index) for index, item in enumerate(raw.get("processing", ())))
    models = [entry.model for entry in entries]
    if len(set(models)) != len(models):
        raise RegisterError("register.toml: a model has two entries")
    groups = []
    for index, item in enumerate(raw.get("not_personal", ())):
        where = f"not_personal #{index + 1}"
        if not item.get("reason") or not item.get("fields"):
            raise RegisterError(f"{where}: needs fields and a reason")
        for dotted in item["fields"]:
            label, _dot, name = dotted.rpartition(".")
            _check_field(label, name, where)
        groups.append(NotPersonal(fields=tuple(item["fields"]), reason=item["reason"]))
    register = Register(meta=meta, entries=entries, not_personal=tuple(groups))
    both = register.personal_fields() & register.not_personal_fields()
    if both:
        raise RegisterError(f"register.toml: both personal and not: {sorted(both)}")
    return register


@cache
def register_load() -> Register:
    """The register of `register.toml` (read once per process)."""
    return register_parse(PATH.read_text(encoding="utf-8"))


def retention_rule(model: str, key: str) -> Rule:
    return register_load().rule(model, key)
