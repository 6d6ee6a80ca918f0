"""The officer's pages for a call: open it, add initiatives, invite experts, check conflicts,
run the assignment (with progress and cancel), follow reviews, decide and publish."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangkien.accounts.models import ProcessingUnit, Role, User
from sangkien.accounts.permissions import is_admin
from sangkien.core.ratelimit import rate_limited
from sangkien.initiatives.forms import add_service_errors
from sangkien.initiatives.lifecycle import State
from sangkien.initiatives.models import Category, Initiative
from sangkien.initiatives.services import is_officer_of
from sangkien.initiatives.views import error_text
from sangkien.review import assigning, scoring, services
from sangkien.review.models import AssignmentRun, Blind, Call, CallState, Decision, Entry


class CallForm(forms.Form):
    unit = forms.ModelChoiceField(ProcessingUnit.objects.none(), label=gettext_lazy("Unit"))
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    categories = forms.MultipleChoiceField(label=gettext_lazy("Eligible categories"),
                                           choices=Category.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    reviewers_per_initiative = forms.IntegerField(label=gettext_lazy("Reviewers per initiative"),
                                                  initial=3)
    max_load = forms.IntegerField(label=gettext_lazy("Maximum initiatives per expert"),
                                  initial=8)
    blind = forms.ChoiceField(label=gettext_lazy("Anonymity"), choices=Blind.choices)
    invitations_due = forms.DateField(label=gettext_lazy("Answer invitations by"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    reviews_due = forms.DateField(label=gettext_lazy("Submit reviews by"),
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = ProcessingUnit.objects.all()
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            units if is_admin(user) else units.filter(postings__user=user))


def _end_of_day(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("call-new", limit=20, seconds=3600)
def call_new(request: HttpRequest) -> HttpResponse:
    form = CallForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if not form.fields["unit"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only officers of a processing unit can open calls."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(
                request.user, data["unit"], code=data["code"],  # type: ignore[arg-type]
                title=data["title"], description=data["description"],
                categories=data["categories"],
                reviewers_per_initiative=data["reviewers_per_initiative"],
                max_load=data["max_load"], blind=data["blind"],
                invitations_due=_end_of_day(data["invitations_due"]),
                reviews_due=_end_of_day(data["reviews_due"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call is open for preparation."))
            return redirect("review:manage", code=call.code)
    return render(request, "review/call_new.html", {"form": form}, status=422 if form.errors
                  else 200)


def _managed(request: HttpRequest, code: str) -> Call:
    call = get_object_or_404(Call.objects.select_related("unit"), code=code)
    if not is_officer_of(request.user, call.unit):  # type: ignore[arg-type]
        raise PermissionDenied(_("Only officers of the call's unit can manage it."))
    return call


@login_required
@require_GET
def manage(request: HttpRequest, code: str) -> HttpResponse:
    call = _managed(request, code)
    entries = list(call.entries.select_related("initiative").order_by("initiative_id"))
    in_call = {e.initiative_id for e in entries}
    addable = Initiative.objects.filter(unit=call.unit, state=State.IN_REVIEW).exclude(
        pk__in=in_call).order_by("pk")
    invited = {i.expert_id: i for i in call.invitations.select_related("expert")}
    experts = User.objects.filter(role_grants__role=Role.EXPERT).exclude(pk__in=invited).order_by(
        "full_name")[:200]
    assignments = list(call.assignments.filter(withdrawn_at__isnull=True).select_related(
        "initiative", "expert", "review").order_by("initiative_id", "-affinity"))
    results = scoring.call_results(call) if call.state in (CallState.REVIEWING,
                                                           CallState.DECIDED) else None
    rows = []
    if results is not None:
        for r in results.result.initiatives:
            rows.append({"result": r, "entry": results.entries[r.initiative]})
    return render(request, "review/manage.html", {
        "call": call, "entries": entries, "addable": addable, "invitations": invited.values(),
        "experts": experts, "conflicts": call.conflicts.select_related("expert", "initiative")
        .order_by("initiative_id", "expert_id"), "assignments": assignments,
        "missing": assigning.unassigned_slots(call) if call.state == CallState.REVIEWING else {},
        "run": call.runs.first(), "rows": rows, "decisions": Decision.choices,
        "accepted": call.invitations.filter(state="accepted").select_related("expert"),
        "undecided": sum(1 for e in entries if not e.decision),
    })


@login_required
@require_POST
@rate_limited("call-act", limit=60, seconds=300)
def act(request: HttpRequest, code: str) -> HttpResponse:
    """Every officer action on the call, named by `action`; each goes through its service."""
    call = _managed(request, code)
    user: User = request.user  # type: ignore[assignment]
    action = request.POST.get("action", "")
    post = request.POST
    try:
        if action == "add":
            chosen = Initiative.objects.filter(pk__in=post.getlist("initiatives"))
            n = services.call_add_initiatives(call, user, chosen)
            messages.success(request, _("%(n)s initiative(s) added.") % {"n": n})
        elif action == "invite":
            chosen_experts = User.objects.filter(pk__in=post.getlist("experts"))
            sent = services.call_invite(call, user, chosen_experts)
            messages.success(request, _("%(n)s invitation(s) sent.") % {"n": len(sent)})
        elif action == "conflicts":
            n = services.conflicts_detect(call, user)
            messages.success(request, _("Conflict check done: %(n)s new.") % {"n": n})
        elif action in ("assign", "assign_fair"):
            assigning.assignment_run_start(call, user, fair=action == "assign_fair")
            messages.success(request, _("The assignment is running."))
        elif action == "cancel":
            run = get_object_or_404(AssignmentRun, pk=post.get("run"), call=call)
            assigning.assignment_run_cancel(run, user)
        elif action == "add_reviewer":
            assigning.assignment_manual(
                call, user, get_object_or_404(Initiative, pk=post.get("initiative")),
                get_object_or_404(User, pk=post.get("expert")))
            messages.success(request, _("Reviewer added."))
        elif action == "decide":
            entry = get_object_or_404(Entry, call=call, initiative_id=post.get("initiative"))
            scoring.entry_decide(entry, user, post.get("decision", ""), post.get("reason", ""))
            messages.success(request, _("Decision recorded."))
        elif action == "publish":
            published = scoring.call_publish(call, user)
            messages.success(request, _("%(n)s assessment(s) published.") % {
                "n": len(published)})
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("review:manage", code=code)


@login_required
@require_GET
def run_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The progress panel, polled by htmx every second while the run is not finished."""
    call = _managed(request, code)
    run = get_object_or_404(AssignmentRun, pk=pk, call=call)
    return render(request, "review/_run.html", {"run": run, "call": call})
