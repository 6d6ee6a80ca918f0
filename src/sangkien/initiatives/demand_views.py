"""Pages of demands (đặt hàng): the public list and detail, posting, closing and awarding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangkien.accounts.models import Role
from sangkien.accounts.permissions import has_role, is_admin
from sangkien.core.ratelimit import rate_limited
from sangkien.initiatives import demands, lifecycle, selectors
from sangkien.initiatives.forms import AwardForm, DemandFilterForm, DemandForm, add_service_errors
from sangkien.initiatives.models import Demand, DemandState
from sangkien.initiatives.views import error_text
from sangkien.matching import recommendations

PAGE_SIZE = 20


def _may_post(user: object) -> bool:
    return has_role(user, Role.ORDERER) or is_admin(user)


@require_GET
def demand_list(request: HttpRequest) -> HttpResponse:
    form = DemandFilterForm(request.GET or None)
    page = Paginator(selectors.demand_list(form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "initiatives/demands.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "may_post": _may_post(request.user),
    })


@require_GET
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_object_or_404(Demand.objects.select_related("province", "organisation"), pk=pk)
    is_owner = request.user.is_authenticated and (
        demand.orderer_id == request.user.pk or is_admin(request.user))
    answers = selectors.demand_answers(demand)
    sees_experts = is_owner or bool(request.user.is_authenticated
                                    and request.user.postings.exists())
    return render(request, "initiatives/demand_detail.html", {
        "demand": demand, "answers": answers, "is_owner": is_owner,
        "initiative_matches": recommendations.initiatives_for_demand(demand),
        "expert_matches": recommendations.experts_for_demand(demand) if sees_experts else None,
        "is_open": demand.state == DemandState.OPEN,
        "award_form": AwardForm(demand=demand) if is_owner else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("demand-post", limit=20, seconds=3600)
def demand_new(request: HttpRequest) -> HttpResponse:
    if not _may_post(request.user):
        raise PermissionDenied(_("Only businesses and local authorities with the orderer role "
                                 "can post demands."))
    form = DemandForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            demand = demands.demand_post(request.user, form.content())  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your demand is published."))
            return redirect("demands:detail", pk=demand.pk)
    return render(request, "initiatives/demand_edit.html", {"form": form})


@login_required
@require_POST
@rate_limited("demand-act", limit=30, seconds=300)
def demand_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the demand, or award it to one of the initiatives that answer it."""
    demand = get_object_or_404(Demand, pk=pk)
    if demand.orderer_id != request.user.pk and not is_admin(request.user):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "award":
            form = AwardForm(request.POST, demand=demand)
            if not form.is_valid():
                raise ValidationError({"initiative": form.errors["initiative"]})
            demands.demand_award(demand, form.cleaned_data["initiative"],
                                 request.user)  # type: ignore[arg-type]
        else:
            demands.demand_close(demand, request.user,  # type: ignore[arg-type]
                                 reason=request.POST.get("reason", ""))
    except (lifecycle.IllegalTransition, ValidationError) as error:
        messages.error(request, _("Not done: %(error)s") % {"error": error_text(error)})
    else:
        messages.success(request, _("Done."))
    return redirect("demands:detail", pk=pk)
