"""The rights of a person whose record a mechanism keeps: access (everything held about
them, and who of the staff accessed it) and erasure (anonymisation everywhere).

Erasure keeps what aggregate statistics count (mechanism, gender, year of birth, and the
region or governorate of the place), so that counts by mechanism, gender, age band and
region are exactly the same after it; everything that identifies is blanked or deleted.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.i18n import localized
from tadamun.documents.models import Document
from tadamun.documents.services import documents_delete_for_person
from tadamun.people.models import Consent, Person, PersonMerge
from tadamun.privacy.hooks import person_hooks

# What an anonymised consent keeps as its witness: the database requires one for an oral
# consent, and the name is personal data.
WITNESS_REMOVED = "—"
REGION_LEVEL = 1


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _place(place) -> dict | None:
    if place is None:
        return None
    return {"code": place.code, "name": localized(place, "name"), "kind": place.kind}


def _consents(person: Person) -> list[dict]:
    return [
        {
            "id": consent.pk,
            "purpose": consent.purpose,
            "purpose_label": str(consent.get_purpose_display()),
            "text_version": consent.text.version,
            "text": {
                "ar": consent.text.text_ar,
                "fr": consent.text.text_fr,
                "en": consent.text.text_en,
            },
            "text_in_language": localized(consent.text, "text"),
            "method": consent.method,
            "method_label": str(consent.get_method_display()),
            "witness": consent.witness,
            "given_at": consent.given_at,
            "recorded_by": _user_name(consent.recorded_by),
            "withdrawn_at": consent.withdrawn_at,
            "withdrawal_recorded_by": _user_name(consent.withdrawn_recorded_by),
        }
        for consent in person.consents.select_related(
            "text", "recorded_by", "withdrawn_recorded_by"
        ).order_by("given_at", "pk")
    ]


def _documents(person: Person) -> list[dict]:
    return [
        {
            "id": document.pk,
            "title": document.title,
            "file_name": document.original_name,
            "content_type": document.content_type,
            "size": document.size,
            "sha256": document.sha256,
            "uploaded_at": document.uploaded_at,
            "uploaded_by": _user_name(document.uploaded_by),
        }
        for document in person.documents.select_related("uploaded_by").order_by("uploaded_at")
    ]


def person_audit_entries(person: Person):
    """The audit entries about the person, their consents and their documents."""
    # Merged records' entries are the person's too.
    merged = [
        str(pk) for pk in PersonMerge.objects.filter(keep=person).values_list("other_id", flat=True)
    ]
    about = Q(object_type=Person._meta.label_lower, object_id__in=[str(person.pk), *merged])
    consents = [str(pk) for pk in person.consents.values_list("pk", flat=True)]
    if consents:
        about |= Q(object_type=Consent._meta.label_lower, object_id__in=consents)
    documents = [str(pk) for pk in person.documents.values_list("pk", flat=True)]
    if documents:
        about |= Q(object_type=Document._meta.label_lower, object_id__in=documents)
    return AuditEntry.objects.filter(about).select_related("user").order_by("at", "pk")


def _accesses(person: Person) -> list[dict]:
    # Who of the staff (the recipients of the data) did what, when; not from where: the
    # staff's addresses are their own personal data.
    return [
        {
            "at": entry.at,
            "who": _user_name(entry.user),
            "action": entry.action,
            "action_label": str(entry.get_action_display()),
            "object": entry.object_type,
        }
        for entry in person_audit_entries(person)
    ]


def person_data(person: Person) -> dict:
    """Everything Tadamun holds about `person`, JSON-ready once dates are encoded
    (DjangoJSONEncoder): their record, consents, documents (metadata), the staff's
    accesses, and what other apps registered (`hooks.py`)."""
    person = Person.objects.select_related("mechanism", "place", "created_by").get(pk=person.pk)
    return {
        "exported_at": timezone.now(),
        "person": {
            "id": person.pk,
            "mechanism": {"id": person.mechanism_id, "name": person.mechanism.name},
            "full_name": person.full_name,
            "gender": person.gender,
            "gender_label": str(person.get_gender_display()),
            "birth_year": person.birth_year,
            "place": _place(person.place),
            "phone": person.phone,
            "email": person.email,
            "notes": person.notes,
            "created_at": person.created_at,
            "created_by": _user_name(person.created_by),
            "updated_at": person.updated_at,
            "last_activity_at": person.last_activity_at,
            "anonymised_at": person.anonymised_at,
        },
        "consents": _consents(person),
        "roles": [
            {"role": role.role, "role_label": str(role.get_role_display()), "since": role.since}
            for role in person.roles.all()
        ],
        "organisations": [
            {
                "organisation": affiliation.actor.name,
                "organisation_id": affiliation.actor_id,
                "role": affiliation.role,
                "role_label": str(affiliation.get_role_display()),
                "since_year": affiliation.since_year,
            }
            for affiliation in person.affiliations.select_related("actor")
        ],
        "merged_records": [
            {
                "record": merge.other_id,
                "merged_at": merge.merged_at,
                "merged_by": _user_name(merge.merged_by),
                "values_not_kept": merge.merged_values,
            }
            for merge in person.merges.select_related("merged_by")
        ],
        "documents": _documents(person),
        "accesses": _accesses(person),
        "other": {hook.app: hook.collect(person) for hook in person_hooks()},
    }


def _admin_history_scrub(person: Person, consent_ids: list[int]) -> None:
    """Django's admin history keeps an object's name as it was shown (`object_repr`)."""
    if not apps.is_installed("django.contrib.admin"):
        return
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    targets = [(Person, [person.pk]), (Consent, consent_ids)]
    for model, ids in targets:
        if not ids:
            continue
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr=f"#{person.pk}", change_message="")


@transaction.atomic
def person_erase(*, person: Person, by, request: HttpRequest | None = None) -> Person:
    """Anonymises `person` everywhere: name, contacts, notes, search keys and consents'
    witnesses blanked, the place coarsened to its region or governorate, documents and
    their files deleted, other apps' data erased (`hooks.py`). Gender, year of birth and
    mechanism stay, for the statistics. Audited as "erase", or as "anonymise" when the
    retention command does it (`by` None)."""
    person = (
        Person.objects.select_for_update(of=("self",)).select_related("place").get(pk=person.pk)
    )
    person.full_name = ""
    person.phone = ""
    person.email = ""
    person.notes = ""
    person.search_keys = ""
    if person.place is not None and person.place.level > REGION_LEVEL:
        person.place = person.place.ancestor_at(REGION_LEVEL)
    person.anonymised_at = timezone.now()
    person.save(
        update_fields=[
            "full_name",
            "phone",
            "email",
            "notes",
            "search_keys",
            "place",
            "anonymised_at",
            "updated_at",
        ]
    )
    consent_ids = list(person.consents.values_list("pk", flat=True))
    person.consents.exclude(witness="").update(witness=WITNESS_REMOVED)
    # Who they are is gone; what they were to the programme (roles) stays for the counts,
    # the organisations they belong to would name them back.
    person.affiliations.all().delete()
    person.merges.update(merged_values={})
    documents_delete_for_person(person, by=by, request=request)
    _admin_history_scrub(person, consent_ids)
    for hook in person_hooks():
        hook.erase(person)
    action = AuditEntry.Action.ERASE if by is not None else AuditEntry.Action.ANONYMISE
    audit_record(request=request, user=by, mechanism=person.mechanism_id, action=action, obj=person)
    return person
