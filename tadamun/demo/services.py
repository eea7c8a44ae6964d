"""Loading the demo data: the real organisations the seeds name, and a generated population."""

import json
import logging
from collections.abc import Callable
from datetime import date
from itertools import islice
from pathlib import Path

from django.db import transaction

from tadamun.demo.generator import generate
from tadamun.directory.models import Actor, ActorSource, LegalForm, Sector
from tadamun.directory.services import actor_bulk_create, actor_save
from tadamun.places.selectors import place_by_code, place_index

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_SOURCE = "tadamun-demo-seeds"
GENERATED_SOURCE = "tadamun-demo"
BATCH = 5000

# The territories of the seeds' mechanisms weigh more in the generated population.
FOCUS_TOWNS = {
    "MA-TNG-TANGER": 40,
    "MA-NAD-NADOR": 30,
    "MA-BER-BERKANE": 30,
    "TN-33-LEKEF": 30,
    "TN-72-NEFTA": 25,
    "TN-11-TUNIS": 40,
    "TN-11-TUNIS-MEDINA": 10,
    "MA-TET-TETOUAN": 20,
    "MA-CAS-CASABLANCA": 25,
    "TN-42-KASSERINE": 15,
}


@transaction.atomic
def demo_load_organisations() -> int:
    """Create or refresh the organisations named in the seeds; returns how many."""
    forms = {f.code: f for f in LegalForm.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    records = json.loads((DATA_DIR / "organisations.json").read_text(encoding="utf-8"))
    for record in records:
        source = ActorSource.objects.filter(source=SEED_SOURCE, source_id=record["key"]).first()
        actor = source.actor if source else Actor()
        place = place_by_code(record["place"]) if record.get("place") else None
        for name in (
            "name_ar",
            "name_fr",
            "name_en",
            "description_ar",
            "description_fr",
            "description_en",
            "address",
            "phone",
            "email",
            "website",
        ):
            setattr(actor, name, record.get(name, ""))
        actor.legal_form = forms[record["legal_form"]]
        actor.country_id = record["country"]
        actor.place = place
        actor.latitude = place.latitude if place else None
        actor.longitude = place.longitude if place else None
        actor.status = record.get("status", Actor.Status.ACTIVE)
        actor.founded = record.get("founded")
        actor.women_led = record.get("women_led", False)
        actor.youth_led = record.get("youth_led", False)
        actor_save(
            actor=actor,
            sectors=[sectors[code] for code in record["sectors"]],
            sources=[(SEED_SOURCE, record["key"])],
        )
    return len(records)


def _generation_places() -> list[tuple]:
    places = []
    for place in place_index().by_id.values():
        if place.country_id not in ("MA", "TN"):
            continue
        weight = FOCUS_TOWNS.get(
            place.code, 8 if place.level == 3 else 3 if place.level == 2 else 1
        )
        places.append((place.pk, place.country_id, place.latitude, place.longitude, weight))
    return sorted(places)


def demo_generate_actors(
    *, count: int, seed: int = 2026, progress: Callable[[int], None] | None = None
) -> int:
    """Generate actors until `count` generated ones exist; returns how many were added."""
    existing = ActorSource.objects.filter(source=GENERATED_SOURCE).count()
    if existing >= count:
        return 0
    forms = {f.code: f.pk for f in LegalForm.objects.all()}
    sectors = {s.code: s.pk for s in Sector.objects.all()}
    generated = islice(
        generate(count, _generation_places(), seed=seed, current_year=date.today().year),
        existing,
        None,
    )
    added = 0
    number = existing
    while True:
        batch = list(islice(generated, BATCH))
        if not batch:
            break
        actors, sector_ids, sources = [], [], []
        for item in batch:
            number += 1
            fields = dict(item.fields)
            fields["legal_form_id"] = forms[fields.pop("legal_form_code")]
            actors.append(Actor(**fields))
            sector_ids.append([sectors[code] for code in item.sector_codes])
            sources.append([(GENERATED_SOURCE, f"gen-{number:07d}")])
        actor_bulk_create(actors=actors, sector_ids=sector_ids, sources=sources)
        added += len(batch)
        if progress:
            progress(existing + added)
    return added
