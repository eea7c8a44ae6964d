import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from tadamun.audit.models import AuditEntry
from tadamun.catalogue.models import TRANSITIONS, Outcome, Referral, ReferralEvent, Service
from tadamun.catalogue.services import (
    phone_e164,
    referral_record_outcome,
    referral_send,
    service_update,
)
from tadamun.catalogue.tests.conftest import make_service
from tadamun.places.selectors import place_by_code
from tadamun.privacy.services import person_data, person_erase

pytestmark = pytest.mark.django_db


# -- Services ------------------------------------------------------------------------------


def test_a_service_is_created_with_its_audiences_languages_and_territories(microcredit):
    service = Service.objects.get(pk=microcredit.pk)
    assert service.audience_list == ["women", "project_holders"]
    assert service.language_list == ["ar", "fr"]
    assert [p.code for p in service.territories.all()] == ["MA-NAD"]
    assert service.phone == "+212536600101"


def test_phones_are_kept_in_e164_and_refused_without_a_country_code():
    assert phone_e164("00216 78 200 404") == "+21678200404"
    assert phone_e164("") == ""
    with pytest.raises(ValidationError):
        phone_e164("0536600101")


def test_a_service_needs_a_name_a_type_and_known_audiences(al_amal):
    with pytest.raises(ValidationError):
        make_service(al_amal, name_fr="")
    with pytest.raises(ValidationError):
        make_service(al_amal, service_type="astrology")
    with pytest.raises(ValidationError):
        make_service(al_amal, audiences=["retirees"])


def test_an_update_says_what_changed_and_refreshes_the_search_terms(microcredit):
    before = Service.objects.get(pk=microcredit.pk).search_terms
    changed = service_update(
        service=microcredit,
        fields={"name_fr": "Microcrédits", "is_free": False},
        territories=[place_by_code("TN-33")],
    )
    assert changed == ["name_fr", "territories"]
    after = Service.objects.get(pk=microcredit.pk).search_terms
    assert after != before
    assert f"pl{place_by_code('TN-33').pk}" in after.split()


def test_an_update_refuses_unknown_fields(microcredit):
    with pytest.raises(ValidationError):
        service_update(service=microcredit, fields={"search_terms": "x"})


def test_a_service_serves_the_places_its_territories_contain(marketing, kef_digital):
    nador_town = place_by_code("MA-NAD-NADOR")  # in Nador province, in the Oriental
    assert list(Service.objects.serving(nador_town)) == [marketing]
    assert list(Service.objects.serving(place_by_code("TN-33-LEKEF"))) == [kef_digital]


def test_a_country_wide_service_serves_every_place_of_the_country(lab):
    national = make_service(lab, name_fr="Fonds national", countries=["TN"])
    assert national in Service.objects.serving(place_by_code("TN-72-NEFTA"))
    assert national not in Service.objects.serving(place_by_code("MA-NAD-NADOR"))


# -- Referrals -----------------------------------------------------------------------------


def test_an_advisor_refers_a_person_and_the_step_is_logged_and_audited(
    nador, amina, khadija, marketing
):
    referral = referral_send(
        mechanism=nador,
        service=marketing,
        person=khadija,
        by=amina,
        needs={"marketing": 20, "digital": 35},
        note="Wants to sell at the Nador fair",
    )
    assert referral.outcome == Outcome.PENDING
    assert referral.needs == {"marketing": 20, "digital": 35}
    [event] = referral.events.all()
    assert (event.from_outcome, event.to_outcome, event.by) == ("", Outcome.PENDING, amina)
    assert AuditEntry.objects.filter(
        object_type="people.person", object_id=str(khadija.pk), user=amina, action="change"
    ).exists()


def test_a_referral_is_for_a_person_or_an_organisation_not_both(nador, amina, khadija, marketing):
    with pytest.raises(ValidationError):
        referral_send(mechanism=nador, service=marketing, by=amina)
    with pytest.raises(ValidationError):
        referral_send(
            mechanism=nador, service=marketing, person=khadija, actor=marketing.provider, by=amina
        )


def test_an_organisation_can_be_referred(nador, amina, marketing, lab):
    referral = referral_send(mechanism=nador, service=marketing, actor=lab, by=amina)
    assert referral.actor == lab and referral.person is None


def test_a_trainer_cannot_send_a_referral(nador, hind, khadija, marketing):
    with pytest.raises(Http404):
        referral_send(mechanism=nador, service=marketing, person=khadija, by=hind)


def test_an_advisor_of_le_kef_cannot_refer_a_person_of_nador(
    le_kef, nador, sami, khadija, marketing
):
    with pytest.raises(Http404):
        referral_send(mechanism=nador, service=marketing, person=khadija, by=sami)
    with pytest.raises(Http404):
        referral_send(mechanism=le_kef, service=marketing, person=khadija, by=sami)


def test_an_inactive_service_takes_no_referral(nador, amina, khadija, marketing):
    service_update(service=marketing, fields={"is_active": False})
    marketing.refresh_from_db()
    with pytest.raises(ValidationError):
        referral_send(mechanism=nador, service=marketing, person=khadija, by=amina)


def test_needs_outside_the_dimensions_are_refused(nador, amina, khadija, marketing):
    with pytest.raises(ValidationError):
        referral_send(
            mechanism=nador, service=marketing, person=khadija, by=amina, needs={"luck": 3}
        )


@pytest.fixture
def referral(nador, amina, khadija, marketing):
    return referral_send(
        mechanism=nador, service=marketing, person=khadija, by=amina, needs={"marketing": 10}
    )


def test_an_outcome_is_recorded_with_who_and_when(referral, yousra):
    referral_record_outcome(referral=referral, outcome=Outcome.NO_ANSWER, by=yousra)
    referral_record_outcome(
        referral=referral, outcome=Outcome.TAKEN_UP, by=yousra, note="Called back"
    )
    referral.refresh_from_db()
    assert referral.outcome == Outcome.TAKEN_UP
    assert referral.outcome_at is not None
    steps = [(e.from_outcome, e.to_outcome, e.by_id, e.note) for e in referral.events.all()]
    assert steps[1:] == [
        (Outcome.PENDING, Outcome.NO_ANSWER, yousra.pk, ""),
        (Outcome.NO_ANSWER, Outcome.TAKEN_UP, yousra.pk, "Called back"),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (before, after)
        for before in Outcome.values
        for after in Outcome.values
        if after not in TRANSITIONS[before]
    ],
)
def test_only_the_transitions_of_the_table_are_allowed(referral, amina, before, after):
    Referral.objects.filter(pk=referral.pk).update(outcome=before)
    referral.refresh_from_db()
    with pytest.raises(ValidationError):
        referral_record_outcome(referral=referral, outcome=after, by=amina)
    assert ReferralEvent.objects.filter(referral=referral).count() == 1


def test_a_final_outcome_has_no_next_outcome():
    assert TRANSITIONS[Outcome.TAKEN_UP] == TRANSITIONS[Outcome.REFUSED] == frozenset()
    assert Outcome.PENDING not in {o for after in TRANSITIONS.values() for o in after}


def test_staff_of_another_mechanism_cannot_record_an_outcome(referral, karim):
    with pytest.raises(Http404):
        referral_record_outcome(referral=referral, outcome=Outcome.REFUSED, by=karim)
    referral.refresh_from_db()
    assert referral.outcome == Outcome.PENDING


def test_a_trainer_cannot_record_an_outcome(referral, hind):
    with pytest.raises(Http404):
        referral_record_outcome(referral=referral, outcome=Outcome.REFUSED, by=hind)


# -- The person's rights -------------------------------------------------------------------


def test_the_export_of_a_person_holds_their_referrals(referral, khadija, yousra):
    referral_record_outcome(referral=referral, outcome=Outcome.REFUSED, by=yousra, note="Too far")
    [exported] = person_data(khadija)["other"]["referrals"]
    assert exported["service"]["id"] == referral.service_id
    assert exported["outcome"] == Outcome.REFUSED
    assert exported["needs"] == {"marketing": 10}
    assert [step["to"] for step in exported["steps"]] == [Outcome.PENDING, Outcome.REFUSED]
    assert exported["steps"][1]["note"] == "Too far"


def test_erasure_clears_referral_notes_and_keeps_the_counts(
    nador, amina, yousra, khadija, marketing
):
    referral = referral_send(
        mechanism=nador, service=marketing, person=khadija, by=amina, note="Khadija's husband"
    )
    referral_record_outcome(
        referral=referral, outcome=Outcome.TAKEN_UP, by=amina, note="Khadija came"
    )
    person_erase(person=khadija, by=yousra)
    referral.refresh_from_db()
    assert referral.note == ""
    assert not ReferralEvent.objects.filter(referral=referral).exclude(note="").exists()
    assert Referral.objects.filter(mechanism=nador, outcome=Outcome.TAKEN_UP).count() == 1


def test_a_provider_renamed_is_found_under_its_new_name(client, microcredit, al_amal):
    from tadamun.catalogue.selectors import services_browse
    from tadamun.directory.services import actor_save

    al_amal.name_fr = "Association Tawfiq"
    actor_save(actor=al_amal)
    assert services_browse(text="Tawfiq").services == [microcredit]


def test_merging_a_provider_into_another_moves_its_services_and_undo_moves_them_back(
    microcredit, al_amal, nadia
):
    from tadamun.directory.tests.factories import ActorFactory
    from tadamun.duplicates.services import actors_merge, merge_undo

    twin = ActorFactory(name_fr="Association Al Amal de microcrédit", place="MA-NAD-NADOR")
    al_amal_id = al_amal.pk
    merge = actors_merge(survivor=twin, merged=al_amal, choices={}, by=nadia)
    microcredit.refresh_from_db()
    assert microcredit.provider_id == twin.pk
    merge_undo(merge=merge, by=nadia)
    microcredit.refresh_from_db()
    assert microcredit.provider_id == al_amal_id
