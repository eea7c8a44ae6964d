"""A person's diagnostics in their rights: in the export of everything held about them,
and in erasure.

Erasure keeps each diagnostic's scores, dates and questionnaire (the observatory counts
people diagnosed and their needs, never who) and deletes the answers: the free texts may
name or describe the person, and the choices together describe their situation.
"""

from tadamun.audit.models import AuditEntry
from tadamun.core.i18n import localized
from tadamun.diagnostics.models import Answer, Diagnostic
from tadamun.diagnostics.selectors import answer_text


def diagnostics_about(person) -> list[dict]:
    diagnostics = (
        Diagnostic.objects.filter(person=person)
        .select_related("version__questionnaire", "started_by", "completed_by")
        .prefetch_related("answers__question__choices")
        .order_by("started_at", "pk")
    )
    found = []
    for diagnostic in diagnostics:
        entries = AuditEntry.objects.filter(
            object_type=Diagnostic._meta.label_lower, object_id=str(diagnostic.pk)
        ).select_related("user")
        found.append(
            {
                "id": diagnostic.pk,
                "questionnaire": str(diagnostic.version.questionnaire),
                "version": diagnostic.version.number,
                "status": diagnostic.status,
                "started_at": diagnostic.started_at,
                "completed_at": diagnostic.completed_at,
                "profile": dict(diagnostic.profile),
                "answers": [
                    {
                        "question": localized(answer.question, "text"),
                        "answer": answer_text(answer.question, answer.value),
                        "answered_at": answer.answered_at,
                    }
                    for answer in diagnostic.answers.all()
                ],
                "accesses": [
                    {
                        "at": entry.at,
                        "who": (entry.user.get_full_name() or entry.user.get_username())
                        if entry.user
                        else "",
                        "action": entry.action,
                    }
                    for entry in entries
                ],
            }
        )
    return found


def diagnostics_erase(person) -> None:
    Answer.objects.filter(diagnostic__person=person).delete()
