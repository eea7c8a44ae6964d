"""Checking one row of an actors file and turning it into an actor's fields."""

from dataclasses import dataclass, field
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from tadamun.directory.selectors import vocabulary_id
from tadamun.places.selectors import country_resolve, place_resolve
from tadamun.search.text import arabic_share

SECTOR_SEPARATOR = "|"


def written_in_arabic(text: str) -> bool:
    """Whether most of a text's letters are Arabic (a name or description in Arabic)."""
    return arabic_share("".join(c for c in text if c.isalpha())) >= 0.5


@dataclass
class CheckedRow:
    """What a row says of an actor: the fields it sets (empty cells set nothing), its
    sectors (None: the row does not say), and what is wrong with it."""

    source_id: str = ""
    fields: dict = field(default_factory=dict)
    sector_ids: list[int] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)


def _number(text: str) -> float:
    return float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def _whole(row: CheckedRow, column: str, text: str, *, low: int, high: int) -> None:
    try:
        value = _number(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(text)
    except ValueError:
        row.errors.append((column, _("%(value)r is not a number") % {"value": text}))
        return
    if value != int(value) or not low <= value <= high:
        reason = _("%(value)r is not a whole number from %(low)s to %(high)s")
        row.errors.append((column, reason % {"value": text, "low": low, "high": high}))
        return
    row.fields[column] = int(value)


def check_row(values: dict[str, str]) -> CheckedRow:
    """Check a row's cells (by column of the format) and say what it sets."""
    get = {k: (v or "").strip() for k, v in values.items()}
    row = CheckedRow(source_id=get.get("source_id", ""))
    fields = row.fields
    if not row.source_id:
        row.errors.append(("source_id", _("required: it names the record in its source")))

    name = get.get("name", "")
    names = {f"name_{code}": get.get(f"name_{code}", "") for code in ("ar", "fr", "en")}
    if name and not any(names.values()):
        names["name_ar" if written_in_arabic(name) else "name_fr"] = name
    if not any(names.values()):
        row.errors.append(("name", _("required")))
    fields.update({k: v for k, v in names.items() if v})

    country = None
    if get.get("country"):
        country = country_resolve(get["country"])
        if country is None:
            row.errors.append(
                ("country", _("unknown country %(value)r: use an ISO code such as MA or TN")
                 % {"value": get["country"]})
            )  # fmt: skip
        else:
            fields["country_id"] = country.code
    else:
        row.errors.append(("country", _("required")))

    if get.get("legal_form"):
        form_id = vocabulary_id("LegalForm", get["legal_form"])
        if form_id is None:
            row.errors.append(
                ("legal_form", _("unknown legal form %(value)r") % {"value": get["legal_form"]})
            )
        else:
            fields["legal_form_id"] = form_id

    if get.get("sector"):
        row.sector_ids = []
        for part in get["sector"].split(SECTOR_SEPARATOR):
            if part.strip():
                sector_id = vocabulary_id("Sector", part.strip())
                if sector_id is None:
                    row.errors.append(
                        ("sector", _("unknown sector %(value)r") % {"value": part.strip()})
                    )
                else:
                    row.sector_ids.append(sector_id)

    if get.get("territory") and country is not None:
        place = place_resolve(get["territory"], country=country.code)
        if place is None:
            row.errors.append(
                ("territory", _("unknown place %(value)r in %(country)s")
                 % {"value": get["territory"], "country": country.code})
            )  # fmt: skip
        else:
            fields["place_id"] = place.pk

    latitude, longitude = get.get("latitude", ""), get.get("longitude", "")
    if latitude or longitude:
        try:
            lat, lon = _number(latitude), _number(longitude)
        except ValueError:
            row.errors.append(("latitude", _("give both coordinates as decimal degrees")))
        else:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                row.errors.append(("latitude", _("coordinates out of range")))
            elif (
                country is not None
                and country.min_latitude is not None
                and not country.contains(lat, lon)
            ):
                row.errors.append(
                    ("latitude", _("the coordinates are outside %(country)s")
                     % {"country": country.code})
                )  # fmt: skip
            else:
                fields["latitude"], fields["longitude"] = lat, lon

    if get.get("phone"):
        try:
            number = phonenumbers.parse(get["phone"], country.code if country else None)
            if not phonenumbers.is_valid_number(number):
                raise phonenumbers.NumberParseException(0, "invalid")
            fields["phone"] = phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            )
        except phonenumbers.NumberParseException:
            row.errors.append(
                ("phone", _("%(value)r is not a phone number") % {"value": get["phone"]})
            )

    if get.get("email"):
        try:
            EmailValidator()(get["email"])
            fields["email"] = get["email"].lower()
        except ValidationError:
            row.errors.append(
                ("email", _("%(value)r is not an e-mail address") % {"value": get["email"]})
            )

    if get.get("website"):
        url = get["website"]
        url = url if "://" in url else f"https://{url}"
        try:
            URLValidator(schemes=["http", "https"])(url)
            fields["website"] = url
        except ValidationError:
            row.errors.append(
                ("website", _("%(value)r is not a web address") % {"value": get["website"]})
            )

    if get.get("founded"):
        _whole(row, "founded", get["founded"], low=1800, high=date.today().year)
    for column in ("members_women", "members_men", "employees"):
        if get.get(column):
            _whole(row, column, get[column], low=0, high=10_000_000)

    if get.get("address"):
        fields["address"] = get["address"]
    if get.get("description"):
        target = "description_ar" if written_in_arabic(get["description"]) else "description_fr"
        fields[target] = get["description"]
    return row
