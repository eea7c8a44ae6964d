"""The staff's side: walk-ins, calls and events recorded with consent, the queue (overdue
first, queries bounded), the statuses and their log, and who may see and do what."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tadamun.audit.models import AuditEntry
from tadamun.desk.models import TRANSITIONS, Channel, Request, RequestEvent, Status
from tadamun.desk.services import (
    request_answer,
    request_assign,
    request_close,
    request_record,
    request_reject,
    request_route_to,
    request_submit_public,
    request_take,
)
from tadamun.desk.tests.conftest import accompaniment_text, place, record_person
from tadamun.people.models import Consent, Person
from tadamun.people.services import ConsentGiven

pytestmark = pytest.mark.django_db


def phone_call(mechanism, by, person, **changes):
    fields = {
        "mechanism": mechanism,
        "by": by,
        "channel": Channel.PHONE,
        "topic": "financing",
        "message": "Asks about microcredit for a sewing workshop.",
        "person": person,
    }
    return request_record(**{**fields, **changes})


@pytest.fixture
def khadija(nador, amina):
    return record_person(nador, amina, "Khadija Amrani", phone="0661001122")


@pytest.fixture
def mongia(le_kef, sami):
    return record_person(le_kef, sami, "Mongia Ben Salah", phone="+21698765432")


def staff_form(mechanism, **changes):
    data = {
        "mechanism": mechanism.pk,
        "channel": "walk_in",
        "received_on": timezone.localdate().isoformat(),
        "topic": "creation",
        "place": place("MA-NAD-NADOR").pk,
        "message": "Wants to turn her association into a cooperative.",
        "answer": "",
        "person-text": accompaniment_text().pk,
        "person-agreed": "on",
        "person-method": "oral_witnessed",
        "person-witness": "Nadia, her neighbour",
        "person-given_on": timezone.localdate().isoformat(),
        "person-full_name": "Souad El Idrissi",
        "person-gender": "woman",
        "person-birth_year": "1985",
        "person-phone": "0670 11 22 33",
        "person-email": "",
        "person-notes": "",
        "person-place": "",
    }
    return {**data, **changes}


# -- Staff entry ---------------------------------------------------------------------------


def test_a_walk_in_is_recorded_with_a_new_person_and_their_witnessed_consent(
    client, amina, nador, log_in
):
    log_in(client, amina)
    assert client.get(reverse("desk:add")).status_code == 200
    response = client.post(reverse("desk:add"), staff_form(nador))
    assert response.status_code == 302
    request = Request.objects.get()
    assert (request.channel, request.mechanism, request.created_by) == ("walk_in", nador, amina)
    consent = request.requester.consents.get()
    assert (consent.method, consent.witness) == ("oral_witnessed", "Nadia, her neighbour")
    assert request.requester.created_by == amina
    assert AuditEntry.objects.filter(object_type="desk.request", action="create").count() == 1


def test_an_oral_consent_without_a_witness_records_nothing(client, amina, nador, log_in):
    log_in(client, amina)
    response = client.post(reverse("desk:add"), staff_form(nador, **{"person-witness": ""}))
    assert response.status_code == 400
    assert not Request.objects.exists() and not Person.objects.exists()


def test_the_staff_cannot_say_a_consent_was_given_online(amina, nador):
    with pytest.raises(ValidationError):
        request_record(
            mechanism=nador,
            by=amina,
            channel=Channel.EVENT,
            topic="training",
            message="Met at the fair.",
            person_fields={"full_name": "Ali"},
            consent=ConsentGiven(text=accompaniment_text(), method=Consent.Method.ONLINE),
        )
    assert not Person.objects.exists()


def test_a_call_of_someone_already_recorded_and_answered_at_once(
    client, amina, nador, khadija, log_in
):
    log_in(client, amina)
    page = client.get(reverse("people:detail", args=[khadija.pk])).content.decode()
    assert f"{reverse('desk:add')}?person={khadija.pk}" in page
    data = staff_form(nador, channel="phone", answer="Sent her the list of microcredit bodies.")
    data = {key: value for key, value in data.items() if not key.startswith("person-")}
    response = client.post(f"{reverse('desk:add')}?person={khadija.pk}", data)
    assert response.status_code == 302
    request = Request.objects.get()
    assert (request.requester, request.status, request.assigned_to) == (
        khadija,
        Status.ANSWERED,
        amina,
    )
    assert Person.objects.count() == 1


def test_a_request_cannot_be_recorded_for_another_mechanisms_person(amina, nador, mongia):
    from django.http import Http404

    with pytest.raises(Http404):
        phone_call(nador, amina, mongia)


def test_a_request_recorded_yesterday_is_due_from_yesterday(amina, nador, khadija):
    yesterday = timezone.now() - timedelta(days=1)
    request = phone_call(nador, amina, khadija, received_at=yesterday)
    assert request.due_at == yesterday + timedelta(hours=72)


# -- Statuses ------------------------------------------------------------------------------


def test_a_request_goes_new_assigned_answered_closed_and_each_step_is_logged(
    amina, yousra, nador, khadija
):
    request = phone_call(nador, yousra, khadija)
    request_assign(request=request, advisor=amina, by=yousra)
    request_answer(request=request, by=amina, text="Oriented to the regional fund.")
    request_close(request=request, by=amina, reason="oriented")
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.answered_by == amina and request.answer.startswith("Oriented")
    steps = list(
        RequestEvent.objects.filter(request=request).values_list(
            "from_status", "to_status", "by__username"
        )
    )
    assert steps == [
        ("", "new", "yousra"),
        ("new", "assigned", "yousra"),
        ("assigned", "answered", "amina"),
        ("answered", "closed", "amina"),
    ]
    assert RequestEvent.objects.get(to_status="assigned").advisor == amina


def test_answering_a_new_request_assigns_it_to_whoever_answers(amina, nador, khadija):
    request = phone_call(nador, amina, khadija)
    request_answer(request=request, by=amina, text="Come on Tuesday.")
    request.refresh_from_db()
    assert (request.status, request.assigned_to) == (Status.ANSWERED, amina)
    assert list(request.events.values_list("to_status", flat=True)) == [
        "new",
        "assigned",
        "answered",
    ]


def test_moves_outside_the_transitions_are_refused(amina, nador, khadija):
    request = phone_call(nador, amina, khadija)
    with pytest.raises(ValidationError):
        request_close(request=request, by=amina)
    request_reject(request=request, by=amina, reason="duplicate")
    with pytest.raises(ValidationError):
        request_answer(request=request, by=amina, text="Too late.")
    assert TRANSITIONS[Status.REJECTED] == frozenset()
    request.refresh_from_db()
    assert request.status == Status.REJECTED


def test_an_advisor_takes_a_new_request_but_only_a_coordinator_assigns_others(
    amina, yousra, nador, khadija, db
):
    from tadamun.accounts.testing import make_user

    omar = make_user("omar", mechanism=nador, role="advisor")
    request = phone_call(nador, amina, khadija)
    from django.http import Http404

    with pytest.raises(Http404):
        request_assign(request=request, advisor=omar, by=amina)
    request_take(request=request, by=amina)
    request.refresh_from_db()
    assert request.assigned_to == amina
    request_assign(request=request, advisor=omar, by=yousra)
    request.refresh_from_db()
    assert request.assigned_to == omar
    with pytest.raises(ValidationError):
        request_answer(request=request, by=amina, text="Mine after all.")


def test_a_trainer_is_not_an_advisor_to_assign(yousra, hind, nador, khadija):
    request = phone_call(nador, yousra, khadija)
    with pytest.raises(ValidationError):
        request_assign(request=request, advisor=hind, by=yousra)


def test_the_pages_assign_answer_and_close(client, amina, yousra, nador, khadija, log_in):
    request = phone_call(nador, amina, khadija)
    log_in(client, yousra)
    page = client.get(reverse("desk:detail", args=[request.pk])).content.decode()
    assert "Khadija Amrani" in page and 'name="advisor"' in page
    client.post(reverse("desk:assign", args=[request.pk]), {"advisor": amina.pk})
    log_in(client, amina)
    client.post(reverse("desk:answer", args=[request.pk]), {"text": "Called her back."})
    client.post(reverse("desk:close", args=[request.pk]), {"reason": "no further need"})
    request.refresh_from_db()
    assert (request.status, request.close_reason) == (Status.CLOSED, "no further need")
    page = client.get(reverse("desk:detail", args=[request.pk])).content.decode()
    assert "Called her back." in page
    assert AuditEntry.objects.filter(object_type="desk.request", action="view").count() == 2


# -- Queue ---------------------------------------------------------------------------------


def test_the_queue_shows_overdue_requests_first_in_few_queries(
    client, amina, nador, khadija, log_in, django_assert_max_num_queries
):
    now = timezone.now()
    fresh = [phone_call(nador, amina, khadija) for _n in range(30)]
    late = phone_call(nador, amina, khadija, received_at=now - timedelta(days=5))
    later = phone_call(nador, amina, khadija, received_at=now - timedelta(days=9))
    done = phone_call(nador, amina, khadija, received_at=now - timedelta(days=20))
    request_answer(request=done, by=amina, text="Done.")
    log_in(client, amina)
    client.get(reverse("desk:queue"))  # warm the session and caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("desk:queue"))
    rows = list(response.context["page"])
    assert [r.pk for r in rows[:2]] == [later.pk, late.pk]
    assert done.pk not in [r.pk for r in rows]  # answered: not open
    assert len(rows) == 32 and fresh[0].pk in [r.pk for r in rows]
    page = response.content.decode()
    assert page.count('class="overdue"') == 2
    assert response.context["counts"]["overdue"] == 2


def test_the_queue_filters_by_status_topic_channel_and_advisor(
    client, amina, yousra, nador, khadija, log_in
):
    mine = phone_call(nador, amina, khadija, topic="training")
    request_take(request=mine, by=amina)
    walk_in = phone_call(nador, yousra, khadija, channel=Channel.WALK_IN)
    log_in(client, amina)

    def listed(**query):
        return {r.pk for r in client.get(reverse("desk:queue"), query).context["page"]}

    assert listed(advisor="me") == {mine.pk}
    assert listed(advisor="none") == {walk_in.pk}
    assert listed(topic="training") == {mine.pk}
    assert listed(channel="walk_in") == {walk_in.pk}
    assert listed(status="assigned") == {mine.pk}
    assert listed(status="closed") == set()


# -- Permissions ---------------------------------------------------------------------------


def test_amina_sees_nadors_requests_and_not_le_kefs(
    client, amina, nador, khadija, sami, le_kef, mongia, log_in
):
    ours = phone_call(nador, amina, khadija)
    theirs = phone_call(le_kef, sami, mongia)
    log_in(client, amina)
    queue = client.get(reverse("desk:queue"))
    assert [r.pk for r in queue.context["page"]] == [ours.pk]
    assert "Mongia" not in queue.content.decode()
    for name in ("desk:detail",):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in ("desk:assign", "desk:take", "desk:answer", "desk:close", "desk:reject"):
        assert client.post(reverse(name, args=[theirs.pk]), {"text": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.NEW


def test_trainers_analysts_and_outsiders_see_no_request(client, hind, salma, outsider, log_in):
    for user in (hind, salma, outsider):
        log_in(client, user)
        assert client.get(reverse("desk:queue")).status_code == 404


def test_the_answer_time_is_set_by_the_mechanisms_coordinator(
    client, yousra, amina, nador, le_kef, log_in
):
    log_in(client, amina)
    assert client.get(reverse("desk:settings", args=[nador.slug])).status_code == 404
    log_in(client, yousra)
    assert client.get(reverse("desk:settings", args=[le_kef.slug])).status_code == 404
    response = client.post(reverse("desk:settings", args=[nador.slug]), {"answer_hours": "24"})
    assert response.status_code == 302
    from tadamun.desk.routing import answer_hours

    assert answer_hours(nador) == 24


# -- Unrouted ------------------------------------------------------------------------------


def unrouted_request():
    return request_submit_public(
        full_name="Hamid Tanjaoui",
        phone="0661 55 44 33",
        place=place("MA-TNG"),
        topic="information",
        message="Is there support for cooperatives in Tangier?",
        consent_text=accompaniment_text(),
    )


def test_an_administrator_sends_an_unrouted_request_to_a_mechanism(
    client, nadia, nador, amina, log_in
):
    request = unrouted_request()
    log_in(client, amina)
    assert client.get(reverse("desk:unrouted")).status_code == 404
    assert client.get(reverse("desk:route", args=[request.pk])).status_code == 404
    log_in(client, nadia)
    listing = client.get(reverse("desk:unrouted")).content.decode()
    assert request.reference in listing and "Hamid" not in listing
    page = client.get(reverse("desk:route", args=[request.pk])).content.decode()
    assert "0661 55 44 33" not in page and "Hamid" not in page
    response = client.post(reverse("desk:route", args=[request.pk]), {"mechanism": nador.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.mechanism == nador and request.pending_contact == {}
    person = request.requester
    assert (person.mechanism, person.full_name) == (nador, "Hamid Tanjaoui")
    consent = person.consents.get()
    assert consent.method == "online" and consent.given_at == request.consent_given_at
    # The administrator does not see the request once routed: Nador's staff do.
    assert client.get(reverse("desk:detail", args=[request.pk])).status_code == 404
    log_in(client, amina)
    assert client.get(reverse("desk:detail", args=[request.pk])).status_code == 200


def test_an_unrouted_request_rejected_as_spam_loses_its_contacts(nadia, db):
    request = unrouted_request()
    request_reject(request=request, by=nadia, reason="spam")
    request.refresh_from_db()
    assert (request.status, request.pending_contact, request.message) == (Status.REJECTED, {}, "")
    with pytest.raises(ValidationError):
        request_route_to(request=request, mechanism=None, by=nadia)


# -- Personal data -------------------------------------------------------------------------


def test_a_persons_export_and_erasure_cover_their_requests(yousra, amina, nador, khadija):
    from tadamun.privacy.services import person_data, person_erase

    request = phone_call(nador, amina, khadija)
    request_answer(request=request, by=amina, text="Called Khadija back on her mobile.")
    data = person_data(khadija)
    assert data["other"]["desk"][0]["reference"] == request.reference
    assert data["other"]["desk"][0]["answer"].startswith("Called Khadija")
    person_erase(person=khadija, by=yousra)
    request.refresh_from_db()
    assert (request.message, request.answer) == ("", "")
    assert (request.topic, request.status, request.mechanism) == ("financing", "answered", nador)


def test_the_retention_command_deletes_requests_no_mechanism_took_after_90_days(nador, amina):
    from django.core.management import call_command

    old, recent = unrouted_request(), unrouted_request()
    Request.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=91))
    routed = request_submit_public(
        full_name="Old but routed",
        phone="0661 00 00 01",
        place=place("MA-NAD"),
        topic="information",
        message="x",
        consent_text=accompaniment_text(),
        received_at=timezone.now() - timedelta(days=400),
    )
    call_command("retention", "--json")
    assert set(Request.objects.values_list("pk", flat=True)) == {recent.pk, routed.pk}
