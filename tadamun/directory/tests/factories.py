"""Factories of directory objects, created through the services like real ones."""

import factory

from tadamun.directory.models import Actor, LegalForm, Sector
from tadamun.directory.services import actor_save
from tadamun.places.selectors import place_by_code


class ActorFactory(factory.Factory):
    class Meta:
        model = Actor

    name_fr = factory.Sequence(lambda n: f"Coopérative numéro {n}")
    country_id = "MA"
    status = Actor.Status.ACTIVE

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        sectors=(),
        sources=(),
        place=None,
        legal_form="cooperative",
        **kwargs,
    ):
        if isinstance(place, str):
            place = place_by_code(place)
        if place is not None:
            kwargs["country_id"] = place.country_id
            kwargs.setdefault("latitude", place.latitude)
            kwargs.setdefault("longitude", place.longitude)
        if isinstance(legal_form, str):
            legal_form = LegalForm.objects.get(code=legal_form)
        actor = model_class(place=place, legal_form=legal_form, **kwargs)
        return actor_save(
            actor=actor,
            sectors=[
                Sector.objects.get(code=code) if isinstance(code, str) else code for code in sectors
            ],
            sources=sources,
        )
