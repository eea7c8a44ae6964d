import pytest
from django.core.management import call_command

from tadamun.demo.services import GENERATED_SOURCE, SEED_SOURCE
from tadamun.directory.models import Actor, ActorSource
from tadamun.search.services import actor_search

pytestmark = pytest.mark.django_db


def seed_actor(key: str) -> Actor:
    return ActorSource.objects.get(source=SEED_SOURCE, source_id=key).actor


def test_demo_loads_the_organisations_of_the_seeds_in_their_real_places(capsys):
    call_command("demo", "--actors", "0")
    mess = seed_actor("mess")
    assert mess.place.code == "MA-TNG-TANGER"
    assert mess.phone == "+212539372468"
    assert mess.email == "mess.crtd@gmail.com"
    assert seed_actor("bluefish").place.code == "TN-11-TUNIS-MEDINA"
    assert seed_actor("he").place.code == "MA-BER-BERKANE"
    assert seed_actor("rasjebel").legal_form.code == "shared_enterprise"
    assert seed_actor("kasserine").status == Actor.Status.PROJECT
    for name in [
        "ACPP",
        "UAF",
        "Asticude",
        "Homme et Environnement",
        "Shanti",
        "UGTT",
        "TCSE",
        "Municipalité de Tunis",
        "Blue Fish",
        "Mdinti",
        "Collectif Créatif",
        "ICOSI",
        "CRESS PACA",
        "RADEV",
        "Energies Alternatives",
    ]:
        assert actor_search(text=name).count >= 1, name


def test_demo_generates_a_population_in_three_languages_and_scripts():
    call_command("demo", "--actors", "400")
    generated = Actor.objects.filter(sources__source=GENERATED_SOURCE)
    assert generated.count() == 400
    assert generated.exclude(name_ar="").count() > 200
    assert generated.exclude(name_fr="").count() > 200
    assert generated.exclude(name_en="").count() > 50
    assert generated.filter(country="MA").exists() and generated.filter(country="TN").exists()
    assert generated.filter(women_led=True).exists()
    assert not generated.filter(admin1__isnull=True).exists()
    assert {a.legal_form.code for a in generated.select_related("legal_form")} >= {
        "cooperative",
        "association",
    }
    # Every generated actor is searchable by its own first word.
    actor = generated.exclude(name_fr="").first()
    assert actor_search(text=actor.name_fr).count >= 1


def test_demo_tops_up_and_can_run_twice_without_duplicates():
    call_command("demo", "--actors", "50")
    call_command("demo", "--actors", "80")
    call_command("demo", "--actors", "80")
    assert Actor.objects.filter(sources__source=GENERATED_SOURCE).count() == 80
    assert (
        ActorSource.objects.filter(source=SEED_SOURCE).count()
        == Actor.objects.filter(sources__source=SEED_SOURCE).count()
    )


def test_demo_if_empty_leaves_a_filled_directory_alone(capsys):
    call_command("demo", "--actors", "10")
    call_command("demo", "--actors", "100", "--if-empty")
    assert Actor.objects.filter(sources__source=GENERATED_SOURCE).count() == 10
    assert "already has actors" in capsys.readouterr().out
