import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadamun.atlas import selectors
from tadamun.atlas import services as atlas_services
from tadamun.atlas.models import AtlasCell, AtlasPoint
from tadamun.atlas.selectors import atlas_clusters, atlas_territories
from tadamun.atlas.services import atlas_rebuild
from tadamun.atlas.views import MAGHREB
from tadamun.directory.filters import parse_filters
from tadamun.directory.models import Actor, LegalForm
from tadamun.directory.selectors import legal_form_codes
from tadamun.directory.services import actor_delete, actor_update
from tadamun.directory.tests.factories import ActorFactory
from tadamun.places.selectors import place_by_code
from tadamun.search.services import actor_search

NADOR = (-2.95, 35.15, -2.89, 35.21)


def _features(answer) -> int:
    return len(answer.clusters) + len(answer.actors)


@pytest.mark.parametrize("zoom", range(2, 19))
def test_every_actor_in_the_box_is_counted_once_at_every_zoom(maghreb, zoom):
    answer = atlas_clusters(bounds=MAGHREB, zoom=zoom)
    assert answer.count == len(maghreb)
    assert all(c.count >= 2 for c in answer.clusters)
    assert sum(sum(c.legal_forms.values()) for c in answer.clusters) + len(answer.actors) == len(
        maghreb
    )


def test_a_cell_that_holds_one_actor_is_answered_as_that_actor(maghreb):
    answer = atlas_clusters(bounds=MAGHREB, zoom=7, language="ar")
    by_id = {a.id: a for a in answer.actors}
    amal = by_id[maghreb["amal"].pk]
    assert amal.name == "تعاونية الأمل للنسيج"
    assert amal.legal_form == "cooperative"
    assert amal.latitude == pytest.approx(maghreb["amal"].latitude, abs=1e-4)
    assert amal.longitude == pytest.approx(maghreb["amal"].longitude, abs=1e-4)


def test_close_actors_form_a_cluster_with_its_legal_forms_until_zoomed_in(maghreb):
    far = atlas_clusters(bounds=MAGHREB, zoom=8)
    nador = max(far.clusters, key=lambda c: c.count)
    assert nador.count == 12
    forms = dict(LegalForm.objects.values_list("code", "id"))
    assert nador.legal_forms == {forms["cooperative"]: 9, forms["association"]: 3}
    latitude, longitude = nador.position
    assert 35.17 < latitude < 35.20 and -2.93 < longitude < -2.90  # the mean of its actors

    close = atlas_clusters(bounds=NADOR, zoom=selectors.MAX_ZOOM)
    assert not close.clusters
    assert len(close.actors) == 12


def test_clusters_follow_the_directory_filters_and_search(maghreb):
    def count(**params):
        text = params.pop("q", "")
        return atlas_clusters(
            bounds=MAGHREB, zoom=5, filters=parse_filters(params), text=text
        ).count

    assert count(legal_form="association") == 1 + 3 + 3
    assert count(women_led="true") == 1 + 4
    assert count(women_led="false") == len(maghreb) - 5
    assert count(country="TN") == 2
    assert count(territory="MA-02") == 1 + 12  # L'Oriental: Berkane and Nador
    assert count(territory="MA-NAD") == 12
    assert count(sector="care") == 3
    assert count(territory="TN-72-NEFTA") == 1  # a town
    assert count(q="tifawin") == 12
    assert count(q="tifawin", legal_form="association") == 3
    # The map shows what the directory lists: every tier of the search.
    for text in ("تعاونية النسيج", "association tanja", "coop miel berkane"):
        listed = actor_search(text=text).count
        assert listed > 0
        assert count(q=text) == listed


def test_the_counts_kept_ahead_and_the_points_give_the_same_clusters(maghreb, monkeypatch):
    for zoom, params in [(4, {}), (8, {}), (12, {}), (14, {}), (8, {"sector": "care"})]:
        filters = parse_filters(params)
        ahead = atlas_clusters(bounds=MAGHREB, zoom=zoom, filters=filters)
        monkeypatch.setattr(selectors, "CUBE_TOP", -1)
        monkeypatch.setattr(selectors, "SECTOR_TOP", -1)
        direct = atlas_clusters(bounds=MAGHREB, zoom=zoom, filters=filters)
        monkeypatch.undo()
        assert [(c.cell, c.count, c.legal_forms) for c in ahead.clusters] == [
            (c.cell, c.count, c.legal_forms) for c in direct.clusters
        ]
        assert sorted(a.id for a in ahead.actors) == sorted(a.id for a in direct.actors)


@pytest.mark.django_db
def test_an_answer_never_holds_more_than_a_few_hundred_features():
    rng = random.Random(4)
    nador = place_by_code("MA-NAD-NADOR")
    for n in range(1500):
        ActorFactory(
            name_fr=f"Coopérative {n}",
            place=nador,
            latitude=rng.uniform(21, 37),
            longitude=rng.uniform(-17, 11),
        )
    for zoom in range(4, 19):
        answer = atlas_clusters(bounds=MAGHREB, zoom=zoom)
        assert _features(answer) <= selectors.MAX_BOX_CELLS
        assert answer.count == 1500


def test_an_answer_takes_a_bounded_number_of_queries(maghreb, django_assert_max_num_queries):
    legal_form_codes()  # the vocabulary, cached per process, is not read per answer
    with django_assert_max_num_queries(3):
        atlas_clusters(bounds=MAGHREB, zoom=9)
    with django_assert_max_num_queries(3):
        atlas_clusters(bounds=NADOR, zoom=18)


def test_territory_counts_match_the_directory(maghreb):
    regions = {row.place.code: row for row in atlas_territories(level=1)}
    oriental = regions["MA-02"]
    actors = Actor.objects.filter(admin1__code="MA-02")
    assert oriental.actors == actors.count() == 13
    assert oriental.members_women == sum(a.members_women or 0 for a in actors)
    assert oriental.members == sum((a.members_women or 0) + (a.members_men or 0) for a in actors)
    assert oriental.women_led == 4
    assert oriental.women_led_share == pytest.approx(4 / 13)
    assert regions["TN-72"].women_led_share == 1.0

    provinces = {row.place.code: row.actors for row in atlas_territories(level=2)}
    assert provinces["MA-NAD"] == 12
    assert provinces["MA-BER"] == 1

    cooperatives = atlas_territories(level=1, filters=parse_filters({"legal_form": "cooperative"}))
    assert {row.place.code: row.actors for row in cooperatives}["MA-02"] == 10
    care = atlas_territories(level=1, filters=parse_filters({"sector": "care"}))
    assert [(row.place.code, row.actors) for row in care] == [("MA-01", 3)]


def test_an_actor_without_coordinates_is_placed_at_its_town(db):
    actor = ActorFactory(
        name_fr="Coopérative sans adresse", place="TN-33-LEKEF", latitude=None, longitude=None
    )
    assert actor.latitude is None
    answer = atlas_clusters(bounds=MAGHREB, zoom=10)
    kef = place_by_code("TN-33-LEKEF")
    (placed,) = answer.actors
    assert placed.latitude == pytest.approx(kef.latitude, abs=1e-4)


# --- Kept in step with the directory ----------------------------------------------------


def _tables():
    cells = sorted(
        AtlasCell.objects.values_list(
            "level", "cell", "country", "territory", "legal_form", "women_led", "n",
            "sum_x", "sum_y", "sum_id", "members", "members_women",
        )
    )  # fmt: skip
    points = sorted(AtlasPoint.objects.values_list())
    return cells, points


PLACES = ["MA-NAD-NADOR", "MA-BER-BERKANE", "TN-33-LEKEF", "MA-TNG-TANGER", "TN-72-NEFTA"]
operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "edit", "delete"]),
        st.integers(0, 50),
        st.sampled_from(PLACES),
        st.booleans(),
        st.floats(-0.05, 0.05),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@pytest.mark.parametrize("together", [10**9, 1], ids=["emptied one by one", "emptied at once"])
@given(operations)
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_counts_kept_in_step_equal_a_rebuild_after_adds_edits_and_deletes(
    monkeypatch, together, steps
):
    monkeypatch.setattr(atlas_services, "EMPTIED_TOGETHER", together)
    association = LegalForm.objects.get(code="association")
    for kind, n, place_code, flag, jitter in steps:
        actors = list(Actor.objects.order_by("id"))
        place = place_by_code(place_code)
        if kind == "add" or not actors:
            ActorFactory(
                place=place,
                latitude=place.latitude + jitter,
                longitude=place.longitude - jitter,
                women_led=flag,
                members_women=n,
            )
            continue
        actor = actors[n % len(actors)]
        if kind == "move":
            # To another place, with coordinates or (flag) without: then at the place.
            latitude, longitude = (
                (None, None) if flag else (place.latitude + jitter, place.longitude)
            )
            actor_update(
                actor=actor,
                place=place,
                country=place.country,
                latitude=latitude,
                longitude=longitude,
            )
        elif kind == "edit":
            actor_update(actor=actor, legal_form=association, women_led=flag, members_men=n)
        else:
            actor_delete(actor=actor)
    kept = _tables()
    atlas_rebuild()
    assert _tables() == kept


@pytest.mark.parametrize("listed", [1000, 2], ids=["named one by one", "joined as a query"])
def test_a_search_gives_the_same_map_however_its_matches_are_passed(maghreb, monkeypatch, listed):
    monkeypatch.setattr(selectors, "LISTED_MATCHES", listed)

    def count(text, **params):
        filters = parse_filters(params)
        answer = atlas_clusters(bounds=MAGHREB, zoom=8, filters=filters, text=text)
        assert answer.count == actor_search(text=text, filters=filters).count
        return answer.count

    assert count("tifawin") == 12
    assert count("tifawin", legal_form="association") == 3
    assert count("association", sector="care") == 3
    assert count("nothing like this anywhere") == 0
    territories = atlas_territories(level=2, text="tifawin")
    assert [(t.place.code, t.actors) for t in territories] == [("MA-NAD", 12)]
