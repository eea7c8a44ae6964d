"""The mechanisms' pages: their territories, partners and staff; inviting staff and
changing their roles. Everything of a mechanism the user may not act on answers 404."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts import services as account_services
from tadamun.accounts.forms import InviteForm, RoleForm
from tadamun.accounts.models import Membership
from tadamun.accounts.permissions import can, require
from tadamun.mechanisms import selectors


def mechanism_list(request: HttpRequest) -> HttpResponse:
    mechanisms = selectors.mechanisms_for(request.user).prefetch_related("territories")
    require(request.user, "mechanism.view")
    return render(request, "mechanisms/list.html", {"mechanisms": mechanisms})


def _mechanism(request: HttpRequest, slug: str, action: str):
    return get_object_or_404(selectors.mechanisms_for(request.user, action), slug=slug)


def mechanism_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "mechanism.view")
    user = request.user
    context = {
        "mechanism": mechanism,
        "territories": mechanism.territories.all(),
        "partners": mechanism.partners.all()[:200],
        "can_invite": can(user, "staff.invite", mechanism),
        "can_manage": can(user, "staff.manage", mechanism),
        "can_cases": can(user, "case.view", mechanism),
    }
    if can(user, "staff.view", mechanism):
        context["staff"] = selectors.staff_of(mechanism)
        context["invitations"] = selectors.invitations_pending(mechanism)
    if context["can_invite"]:
        context["invite_form"] = InviteForm()
    if context["can_manage"]:
        context["role_form"] = RoleForm()
    return render(request, "mechanisms/detail.html", context)


@require_POST
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "staff.invite")
    form = InviteForm(request.POST)
    if form.is_valid():
        account_services.invitation_send(
            email=form.cleaned_data["email"],
            mechanism=mechanism,
            role=form.cleaned_data["role"],
            by=request.user,
            base_url=request.build_absolute_uri("/"),
            language=get_language(),
        )
        messages.success(request, _("The invitation was sent."))
        return redirect("mechanisms:detail", slug=mechanism.slug)
    return render(
        request,
        "mechanisms/invite.html",
        {"mechanism": mechanism, "invite_form": form},
        status=400,
    )


def _membership(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user", "mechanism"), pk=pk)
    require(request.user, "staff.manage", membership.mechanism)
    return membership


@require_POST
def staff_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        account_services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(request, _("The role was changed."))
    return redirect("mechanisms:detail", slug=membership.mechanism.slug)


@require_POST
def staff_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    slug = membership.mechanism.slug
    alone = not Membership.objects.filter(user=membership.user).exclude(pk=pk).exists()
    account_services.membership_end(membership=membership, by=request.user)
    if alone and not account_services.has_platform_role(membership.user):
        # Nowhere else to work: the account closes, and its sessions end now.
        account_services.account_deactivate(user=membership.user, by=request.user)
    messages.success(request, _("The person no longer works in this mechanism."))
    return redirect("mechanisms:detail", slug=slug)
