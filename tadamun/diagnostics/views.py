"""The staff's pages of diagnostics, inside a mechanism's staff area
(`/<lang>/staff/mechanisms/<slug>/diagnostics/…`): the list, starting one, filling it in a
section a page, the profile; and the questionnaire editor.

Every page first finds the mechanism among those where the user may do the page's
action (404 otherwise), then the object inside that mechanism (404 otherwise).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import can, scoped
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.forms import form_errors_from
from tadamun.diagnostics import services
from tadamun.diagnostics.forms import (
    AnswersForm,
    ChoiceFormSet,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
    StartForm,
    choices_from,
)
from tadamun.diagnostics.models import (
    Diagnostic,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
    VersionStatus,
)
from tadamun.diagnostics.selectors import (
    answers_by_section,
    diagnostic_for,
    diagnostic_previous,
    diagnostic_profile,
    diagnostics_compare,
    diagnostics_of_mechanism,
    profile_rows,
    questionnaires_for,
    version_content,
    version_in,
    versions_of,
    versions_usable,
)
from tadamun.directory.models import Actor
from tadamun.mechanisms.models import Mechanism
from tadamun.people.selectors import people_to_choose

PAGE_SIZE = 50


def _mechanism(request: HttpRequest, slug: str, action: str) -> Mechanism:
    mechanisms = scoped(Mechanism.objects.active(), request.user, action, field="pk")
    return get_object_or_404(mechanisms, slug=slug)


# -- Diagnostics -------------------------------------------------------------------------


def diagnostics_home(request: HttpRequest) -> HttpResponse:
    """The staff menu's entry: the list of the user's mechanism, or a choice of them."""
    mechanisms = list(scoped(Mechanism.objects.active(), request.user, "diagnostic.view", "pk"))
    if not mechanisms:
        raise Http404
    if len(mechanisms) == 1:
        return redirect("diagnostics:list", slug=mechanisms[0].slug)
    return render(request, "diagnostics/home.html", {"mechanisms": mechanisms})


def diagnostic_list(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "diagnostic.view")
    diagnostics = diagnostics_of_mechanism(mechanism)
    status = request.GET.get("status", "")
    if status in Diagnostic.Status.values:
        diagnostics = diagnostics.filter(status=status)
    page = Paginator(diagnostics, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "mechanism": mechanism,
        "page": page,
        "status": status,
        "statuses": Diagnostic.Status.choices,
        "can_fill": can(request.user, "diagnostic.fill", mechanism),
        "can_edit": can(request.user, "questionnaire.edit", mechanism),
    }
    return render(request, "diagnostics/list.html", context)


def _people_of(request: HttpRequest, mechanism):
    """The people the start form offers (`people_to_choose`): those of the mechanism the
    user may see."""
    from tadamun.people.models import Person

    people = scoped(Person.objects.filter(mechanism=mechanism), request.user, "person.view")
    return people_to_choose(
        people.identified(),
        text=request.GET.get("q", ""),
        chosen=request.POST.get("person") or request.GET.get("person"),
    )


def _actors_for(mechanism, chosen: str | None):
    query = Q(pk__in=mechanism.partners.values("pk"))
    if chosen and chosen.isdigit():
        query |= Q(pk=int(chosen))
    return Actor.objects.filter(query).order_by("name_fr", "pk")


def diagnostic_start(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "diagnostic.fill")
    data = request.POST if request.method == "POST" else None
    chosen_actor = request.POST.get("actor") or request.GET.get("actor")
    versions = versions_usable(mechanism)
    people = _people_of(request, mechanism)
    form = StartForm(
        data,
        versions=versions,
        people=people.queryset,
        actors=_actors_for(mechanism, chosen_actor),
        initial={
            "version": versions.first(),
            "person": request.GET.get("person"),
            "actor": request.GET.get("actor"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            diagnostic = services.diagnostic_start(
                mechanism=mechanism,
                version=form.cleaned_data["version"],
                person=form.cleaned_data["person"],
                actor=form.cleaned_data["actor"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("diagnostics:fill", slug=mechanism.slug, pk=diagnostic.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "diagnostics/start.html",
        {"mechanism": mechanism, "form": form, "people": people},
        status=status,
    )


def _page_number(raw, count: int) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    return max(1, min(count, number))


def diagnostic_fill(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One section a page: saving keeps the answers (partly filled is fine), "next" and
    "previous" move between sections, "complete" on the last one computes the profile."""
    mechanism = _mechanism(request, slug, "diagnostic.fill")
    diagnostic = diagnostic_for(request.user, mechanism, pk, "diagnostic.fill")
    if diagnostic.completed:
        return redirect("diagnostics:detail", slug=mechanism.slug, pk=diagnostic.pk)
    sections = version_content(diagnostic.version)
    if not sections:
        raise Http404
    number = _page_number(request.POST.get("page") or request.GET.get("page"), len(sections))
    section = sections[number - 1]
    questions = list(section.questions.all())
    values = dict(diagnostic.answers.values_list("question_id", "value"))
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        initial=AnswersForm.initial_from(questions, values),
    )
    if request.method == "POST" and form.is_valid():
        go = request.POST.get("go", "next")
        try:
            services.diagnostic_answer(
                diagnostic=diagnostic, answers=form.answers(), by=request.user, request=request
            )
            if go == "complete":
                services.diagnostic_complete(
                    diagnostic=diagnostic, by=request.user, request=request
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            if go == "complete":
                messages.success(request, _("Diagnostic completed: here is the profile."))
                return redirect("diagnostics:detail", slug=mechanism.slug, pk=diagnostic.pk)
            if go == "later":
                messages.success(request, _("Answers saved: the diagnostic can be resumed."))
                return redirect("diagnostics:detail", slug=mechanism.slug, pk=diagnostic.pk)
            if go.startswith("page-"):
                target = _page_number(go.removeprefix("page-"), len(sections))
            else:
                target = number - 1 if go == "previous" else number + 1
            target = max(1, min(len(sections), target))
            url = f"{request.path}?page={target}"
            return redirect(url)
    total_questions = sum(len(s.questions.all()) for s in sections)
    context = {
        "mechanism": mechanism,
        "diagnostic": diagnostic,
        "section": section,
        "sections": sections,
        "number": number,
        "count": len(sections),
        "first": number == 1,
        "last": number == len(sections),
        "form": form,
        "answered": len(values),
        "total_questions": total_questions,
        "percent": round(100 * (number - 1) / len(sections)),
    }
    status = 400 if form.errors else 200
    return render(request, "diagnostics/fill.html", context, status=status)


def _subject_label(diagnostic: Diagnostic) -> str:
    subject = diagnostic.subject
    return str(subject) if subject is not None else "—"


def diagnostic_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "diagnostic.view")
    diagnostic = diagnostic_for(request.user, mechanism, pk)
    profile = diagnostic_profile(diagnostic)
    previous = diagnostic_previous(diagnostic) if diagnostic.completed else None
    previous_profile = diagnostic_profile(previous) if previous else None
    rows = profile_rows(profile, previous_profile, diagnostic.profile_details)
    audit_record(
        request=request,
        user=request.user,
        mechanism=mechanism,
        action=AuditEntry.Action.VIEW,
        obj=diagnostic,
    )
    context = {
        "mechanism": mechanism,
        "diagnostic": diagnostic,
        "subject": _subject_label(diagnostic),
        "rows": rows,
        "weak": [row for row in rows if row.weak],
        "previous": previous,
        "comparison": diagnostics_compare(previous, diagnostic) if previous else [],
        "answers": answers_by_section(diagnostic),
        "can_fill": can(request.user, "diagnostic.fill", mechanism),
        "can_person": diagnostic.person_id and can(request.user, "person.view", mechanism),
        "orientation_query": _orientation_query(diagnostic, rows, request.user, mechanism),
    }
    return render(request, "diagnostics/detail.html", context)


def _orientation_query(diagnostic, rows, user, mechanism) -> str:
    """The query string that opens the orientation of the diagnosed person on this
    diagnostic's needs (and their scores); empty when there is nothing to orient."""
    if not (diagnostic.completed_at and diagnostic.person_id):
        return ""
    if not can(user, "referral.view", mechanism):
        return ""
    weak = [row for row in rows if row.weak]
    query = {"needs": ",".join(row.dimension for row in weak)}
    query |= {f"score_{row.dimension}": row.score for row in weak}
    return urlencode(query)


# -- Questionnaires ----------------------------------------------------------------------


def questionnaire_list(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "diagnostic.view")
    context = {
        "mechanism": mechanism,
        "questionnaires": questionnaires_for(mechanism),
        "can_edit": can(request.user, "questionnaire.edit", mechanism),
    }
    return render(request, "diagnostics/questionnaires.html", context)


def questionnaire_add(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "questionnaire.edit")
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                mechanism=mechanism,
                slug=form.cleaned_data["slug"],
                fields=form.values(),
                by=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            version = questionnaire.versions.get()
            return redirect("diagnostics:version", slug=mechanism.slug, pk=version.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "diagnostics/questionnaire_form.html",
        {"mechanism": mechanism, "form": form},
        status=status,
    )


def _questionnaire(mechanism, pk: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.filter(Q(mechanism__isnull=True) | Q(mechanism=mechanism)), pk=pk
    )


def questionnaire_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "diagnostic.view")
    questionnaire = _questionnaire(mechanism, pk)
    editable = questionnaire.mechanism_id == mechanism.pk and can(
        request.user, "questionnaire.edit", mechanism
    )
    fields = [f"{n}_{c}" for n in ("title", "intro") for c in ("ar", "fr", "en")]
    form = None
    if editable:
        form = QuestionnaireForm(
            request.POST or None,
            with_slug=False,
            initial={name: getattr(questionnaire, name) for name in fields},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.questionnaire_update(
                    questionnaire=questionnaire, fields=form.values(), by=request.user
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("diagnostics:questionnaire", slug=mechanism.slug, pk=pk)
    elif request.method == "POST":
        raise Http404
    context = {
        "mechanism": mechanism,
        "questionnaire": questionnaire,
        "versions": versions_of(questionnaire),
        "form": form,
        "can_copy": questionnaire.platform_wide
        and can(request.user, "questionnaire.edit", mechanism),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "diagnostics/questionnaire.html", context, status=status)


@require_POST
def questionnaire_copy(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "questionnaire.edit")
    questionnaire = _questionnaire(mechanism, pk)
    copy = services.questionnaire_copy(
        questionnaire=questionnaire, mechanism=mechanism, by=request.user
    )
    messages.success(request, _("Copied: this draft is your mechanism's own, to adapt."))
    return redirect("diagnostics:version", slug=mechanism.slug, pk=copy.versions.get().pk)


def _editable_version(request, slug: str, pk: int):
    mechanism = _mechanism(request, slug, "questionnaire.edit")
    version = get_object_or_404(
        QuestionnaireVersion.objects.select_related("questionnaire"),
        pk=pk,
        questionnaire__mechanism=mechanism,
    )
    return mechanism, version


def version_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism = _mechanism(request, slug, "diagnostic.view")
    version = version_in(mechanism, pk)
    own = version.questionnaire.mechanism_id == mechanism.pk
    can_edit = own and can(request.user, "questionnaire.edit", mechanism)
    context = {
        "mechanism": mechanism,
        "version": version,
        "questionnaire": version.questionnaire,
        "sections": version_content(version),
        "can_edit": can_edit,
        "editing": can_edit and version.editable,
        "transitions": version.transitions.select_related("by"),
    }
    return render(request, "diagnostics/version.html", context)


def _transition_view(request, slug, pk, action, success):
    mechanism, version = _editable_version(request, slug, pk)
    try:
        result = action(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        result = version
    else:
        messages.success(request, success)
    return redirect("diagnostics:version", slug=mechanism.slug, pk=result.pk)


@require_POST
def version_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition_view(
        request,
        slug,
        pk,
        services.version_publish,
        _("Published: new diagnostics use this version; it can no longer change."),
    )


@require_POST
def version_retire(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition_view(
        request,
        slug,
        pk,
        services.version_retire,
        _("Retired: no new diagnostic uses it; those filled in with it are kept."),
    )


@require_POST
def version_draft(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition_view(
        request,
        slug,
        pk,
        services.version_draft_from,
        _("A new draft, copied from this version, is ready to change."),
    )


def section_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, version = _editable_version(request, slug, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_add(version=version, fields=form.values(), by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("diagnostics:version", slug=mechanism.slug, pk=version.pk)
    status = 400 if form.errors else 200
    context = {"mechanism": mechanism, "version": version, "form": form, "section": None}
    return render(request, "diagnostics/section_form.html", context, status=status)


def _editable_section(request, slug: str, pk: int):
    mechanism = _mechanism(request, slug, "questionnaire.edit")
    section = get_object_or_404(
        Section.objects.select_related("version__questionnaire"),
        pk=pk,
        version__questionnaire__mechanism=mechanism,
    )
    return mechanism, section


def section_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, section = _editable_section(request, slug, pk)
    fields = [f"{n}_{c}" for n in ("title", "intro") for c in ("ar", "fr", "en")]
    form = SectionForm(
        request.POST or None, initial={name: getattr(section, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, fields=form.values(), by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("diagnostics:version", slug=mechanism.slug, pk=section.version_id)
    status = 400 if form.errors else 200
    context = {
        "mechanism": mechanism,
        "version": section.version,
        "form": form,
        "section": section,
    }
    return render(request, "diagnostics/section_form.html", context, status=status)


def _offset(request) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


def _frozen_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_POST
def section_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, section = _editable_section(request, slug, pk)
    try:
        services.section_move(section=section, offset=_offset(request), by=request.user)
    except ValidationError as error:
        _frozen_message(request, error)
    return redirect("diagnostics:version", slug=mechanism.slug, pk=section.version_id)


@require_POST
def section_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, section = _editable_section(request, slug, pk)
    version_id = section.version_id
    try:
        services.section_delete(section=section, by=request.user)
    except ValidationError as error:
        _frozen_message(request, error)
    return redirect("diagnostics:version", slug=mechanism.slug, pk=version_id)


def _question_page(request, mechanism, section, question=None):
    fields = [f"{n}_{c}" for n in ("text", "help") for c in ("ar", "fr", "en")]
    if question is not None:
        initial = {name: getattr(question, name) for name in fields}
        initial |= {
            "kind": question.kind,
            "dimension": question.dimension,
            "weight": question.weight,
        }
        choice_initial = [
            {
                "label_ar": c.label_ar,
                "label_fr": c.label_fr,
                "label_en": c.label_en,
                "points": c.points,
                "at_least": c.at_least,
            }
            for c in question.choices.all()
        ]
    else:
        initial, choice_initial = {"weight": 1}, []
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, initial=initial)
    formset = ChoiceFormSet(data, initial=choice_initial, prefix="choices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        choices = choices_from(formset)
        try:
            if question is None:
                question = services.question_add(
                    section=section,
                    fields=form.values(),
                    by=request.user,
                    choices=choices or None,
                )
            else:
                services.question_update(question=question, fields=form.values(), by=request.user)
                services.choices_set(question=question, choices=choices, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("diagnostics:version", slug=mechanism.slug, pk=section.version_id)
    status = 400 if form.errors or formset.errors else 200
    context = {
        "mechanism": mechanism,
        "version": section.version,
        "section": section,
        "question": question,
        "form": form,
        "formset": formset,
    }
    return render(request, "diagnostics/question_form.html", context, status=status)


def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, section = _editable_section(request, slug, pk)
    if not section.version.editable:
        raise Http404
    return _question_page(request, mechanism, section)


def _editable_question(request, slug: str, pk: int):
    mechanism = _mechanism(request, slug, "questionnaire.edit")
    question = get_object_or_404(
        Question.objects.select_related("section__version__questionnaire"),
        pk=pk,
        section__version__questionnaire__mechanism=mechanism,
    )
    return mechanism, question


def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, question = _editable_question(request, slug, pk)
    if not question.section.version.editable:
        messages.error(
            request, _("A published version is frozen: make a new draft from it to change it.")
        )
        return redirect("diagnostics:version", slug=mechanism.slug, pk=question.section.version_id)
    return _question_page(request, mechanism, question.section, question)


@require_POST
def question_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, question = _editable_question(request, slug, pk)
    try:
        services.question_move(question=question, offset=_offset(request), by=request.user)
    except ValidationError as error:
        _frozen_message(request, error)
    return redirect("diagnostics:version", slug=mechanism.slug, pk=question.section.version_id)


@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mechanism, question = _editable_question(request, slug, pk)
    version_id = question.section.version_id
    try:
        services.question_delete(question=question, by=request.user)
    except ValidationError as error:
        _frozen_message(request, error)
    return redirect("diagnostics:version", slug=mechanism.slug, pk=version_id)


__all__ = ["VersionStatus"]
