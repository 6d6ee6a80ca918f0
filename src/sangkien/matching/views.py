"""Pages of search and matching: the search page, an investor's recommendations, field
suggestions while drafting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangkien.accounts.models import Role
from sangkien.accounts.permissions import has_role, is_admin
from sangkien.core.ratelimit import rate_limited
from sangkien.matching import recommendations, services
from sangkien.matching.documents import field_name
from sangkien.matching.forms import InterestForm, SearchForm
from sangkien.matching.models import InvestorInterest
from sangkien.matching.results import search_rows
from sangkien.matching.search import reader_of
from sangkien.matching.suggestions import suggest_fields

RESULTS = 30


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    reader = reader_of(request.user)
    form = SearchForm(request.GET if "q" in request.GET else None, experts=reader.experts)
    context: dict[str, object] = {"form": form, "reader": reader}
    status = 200
    if form.is_bound:
        if form.is_valid():
            rows, total = search_rows(reader, form.cleaned_data["q"], form.rule(), RESULTS)
            context.update(rows=rows, total=total)
        else:
            status = 400
    return render(request, "matching/search.html", context, status=status)


def _require_investor(user: object) -> None:
    if not (has_role(user, Role.INVESTOR) or is_admin(user)):
        raise PermissionDenied(_("This page is for investors."))


@login_required
@require_http_methods(["GET", "POST"])
def investor_page(request: HttpRequest) -> HttpResponse:
    _require_investor(request.user)
    interest = InvestorInterest.objects.filter(investor_id=request.user.pk).first()
    if request.method == "POST":
        form = InterestForm(request.POST)
        if form.is_valid():
            services.interest_save(request.user, form.cleaned_data["fields_wanted"],  # type: ignore[arg-type]
                                   list(form.cleaned_data["provinces"]),
                                   form.cleaned_data["keywords"])
            return redirect("matching:investor")
    else:
        form = InterestForm(initial={
            "fields_wanted": interest.fields, "keywords": interest.keywords,
            "provinces": interest.provinces.all()} if interest else None)
    return render(request, "matching/investor.html", {
        "form": form, "interest": interest,
        "recommendations": recommendations.initiatives_for_investor(interest)
        if interest else [],
    })


@login_required
@require_POST
@rate_limited("suggest-fields", limit=60, seconds=60)
def field_suggestions(request: HttpRequest) -> HttpResponse:
    """For the drafting form (htmx): fields that initiatives like this one were given."""
    text = " ".join(request.POST.get(name, "")[:5000] for name in ("title", "summary"))
    language = translation.get_language() or "vi"
    shown = [{"code": s.code, "name": field_name(s.code, language), "score": 100 * s.score}
             for s in (suggest_fields(text) if text.strip() else [])]
    return render(request, "matching/_field_suggestions.html", {"suggestions": shown})
