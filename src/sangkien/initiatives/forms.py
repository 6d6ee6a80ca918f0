"""Forms of the initiative and demand pages: parse and show errors; rules live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import Organisation, User
from sangkien.core.fields import FIELDS
from sangkien.geo.models import Province, Ward
from sangkien.initiatives.models import Category, Demand, DemandState, Initiative, InitiativeState
from sangkien.initiatives.selectors import (
    NOT_LISTED,
    SORTS,
    CatalogueFilters,
    DemandFilters,
    demand_answers,
)
from sangkien.initiatives.services import AuthorShare

PAGE_SIZES = (20, 50, 100)


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Field"), required=False,
                              choices=[("", _("All fields"))] + [(f.code, f"{f.code} {f.name_vi}")
                                                                  for f in FIELDS])
    province = forms.ModelChoiceField(label=_("Province or city"), required=False,
                                      queryset=Province.objects.all(),
                                      empty_label=_("All provinces"))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states"))]
                              + [c for c in InitiativeState.choices if c[0] not in NOT_LISTED])
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])
    trl = forms.TypedChoiceField(label=_("TRL"), required=False, coerce=int, empty_value=None,
                                 choices=[("", _("Any TRL"))] + [(n, n) for n in range(1, 10)])
    sort = forms.ChoiceField(label=_("Sort by"), required=False,
                             choices=[("relevance", _("Relevance")),
                                      ("newest", _("Newest")), ("oldest", _("Oldest")),
                                      ("title", _("Title")), ("trl", _("Highest TRL"))])
    per_page = forms.TypedChoiceField(label=_("Per page"), required=False, coerce=int,
                                      empty_value=None,
                                      choices=[(n, n) for n in PAGE_SIZES])

    def page_size(self) -> int:
        return int(self.cleaned_data.get("per_page") or PAGE_SIZES[0]) \
            if self.is_valid() else PAGE_SIZES[0]

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data
        province = data.get("province")
        return CatalogueFilters(
            q=data.get("q") or "", field=data.get("field") or "",
            province=province.code if province else None, state=data.get("state") or "",
            category=data.get("category") or "", trl=data.get("trl"),
            sort=(str(data.get("sort")) if data.get("sort") in SORTS else
                  "relevance" if data.get("q") and data.get("sort") in ("", None, "relevance")
                  else "newest"),
        )


# --- drafting an initiative -------------------------------------------------------------------

FIELD_CHOICES = [(f.code, f"{f.code} {f.name_vi}") for f in FIELDS]


def _field_codes() -> forms.MultipleChoiceField:
    # The model keeps codes in a JSON list; people pick them from the classification.
    return forms.MultipleChoiceField(label=_("Fields of science and technology"),
                                     choices=FIELD_CHOICES,
                                     widget=forms.SelectMultiple(attrs={"size": 8}))


def _current_organisations(user: User) -> Any:
    return Organisation.objects.filter(membership__user=user,
                                       membership__ended_on__isnull=True).distinct()


class InitiativeForm(forms.ModelForm[Initiative]):
    """The proposer's content; `services.initiative_create/update` apply the business rules."""

    province = forms.ModelChoiceField(label=_("Province or city"),
                                      queryset=Province.objects.all())

    class Meta:
        model = Initiative
        fields = ["title", "summary", "description", "current_solution", "purpose", "novelty",
                  "steps", "applicability", "expected_benefits", "money_saved",
                  "money_saved_method", "fields", "trl", "category", "demand", "province",
                  "ward", "organisation"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in (
            "summary", "description", "current_solution", "purpose", "novelty", "steps",
            "applicability", "expected_benefits", "money_saved_method")}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_fields = self.fields
        form_fields["fields"] = _field_codes()
        form_fields["trl"].widget = forms.Select(choices=[(n, n) for n in range(1, 10)])
        choice_fields = cast(dict[str, forms.ModelChoiceField[Any]], form_fields)
        choice_fields["demand"].queryset = Demand.objects.filter(state=DemandState.OPEN)
        choice_fields["organisation"].queryset = _current_organisations(user)
        province = self._chosen_province()
        choice_fields["ward"].queryset = (Ward.objects.filter(province=province)
                                        if province else Ward.objects.none())
        form_fields["ward"].widget.attrs["id"] = "id_ward"
        form_fields["province"].widget.attrs.update({
            "hx-get": reverse("initiatives:wards"), "hx-target": "#id_ward",
            "hx-trigger": "change", "hx-swap": "innerHTML"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == Category.ORDERED and not data.get("demand"):
            self.add_error("demand", _("An ordered initiative must answer a demand: choose it."))
        return data

    def _chosen_province(self) -> Any:
        if self.is_bound:
            code = str(self.data.get(self.add_prefix("province")) or "")
            return Province.objects.filter(pk=int(code)).first() if code.isdigit() else None
        if self.instance.province_id:
            return self.instance.province_id
        return self.initial.get("province")

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    share = forms.DecimalField(label=_("Contribution share (%)"), max_digits=5,
                               decimal_places=2, min_value=Decimal("0.01"),
                               max_value=Decimal(100))


AuthorFormSet = forms.formset_factory(AuthorForm, extra=1, min_num=1, validate_min=True,
                                      max_num=30, validate_max=True)


def author_shares(formset: forms.BaseFormSet[AuthorForm]) -> list[AuthorShare]:
    return [AuthorShare(name=f.cleaned_data["name"], email=f.cleaned_data.get("email") or "",
                        share=f.cleaned_data["share"])
            for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def author_initial(initiative: Initiative) -> list[dict[str, Any]]:
    return [{"name": a.name, "email": a.email, "share": a.share}
            for a in initiative.authors.all()]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(
        "PDF, Word, Excel, PowerPoint, OpenDocument or an image (PNG, JPEG, GIF, WebP)."))


class DemandForm(forms.ModelForm[Demand]):

    class Meta:
        model = Demand
        fields = ["title", "problem", "outcome", "budget_min", "budget_max", "deadline",
                  "province", "fields", "contact_name", "contact_email", "contact_phone",
                  "organisation"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 5}),
                   "outcome": forms.Textarea(attrs={"rows": 4}),
                   "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields"] = _field_codes()
        cast(forms.ModelChoiceField[Any], self.fields["organisation"]).queryset = \
            _current_organisations(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max", _("The budget range ends below its start."))
        return data

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DemandFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Field"), required=False,
                              choices=[("", _("All fields")), *FIELD_CHOICES])
    province = forms.ModelChoiceField(label=_("Province or city"), required=False,
                                      queryset=Province.objects.all(),
                                      empty_label=_("All provinces"))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[*DemandState.choices, ("all", _("All states"))])

    def filters(self) -> DemandFilters:
        if not self.is_valid():
            return DemandFilters()
        data = self.cleaned_data
        province = data.get("province")
        state = data.get("state") or DemandState.OPEN
        return DemandFilters(q=data.get("q") or "", field=data.get("field") or "",
                             province=province.code if province else None,
                             state="" if state == "all" else state)


class AwardForm(forms.Form):
    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=Initiative.objects.none())

    def __init__(self, *args: Any, demand: Demand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Any], self.fields["initiative"]).queryset = \
            demand_answers(demand)


def add_service_errors(form: forms.BaseForm, error: ValidationError,
                       formset: forms.BaseFormSet[AuthorForm] | None = None) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name == "authors" and formset is not None:
            # The share rule spans all rows, so it shows above them like the formset's own.
            shown = [*formset.non_form_errors(), *(m for e in errors for m in e.messages)]
            formset._non_form_errors = formset.error_class(shown)  # type: ignore[attr-defined]
        elif name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, [f"{name}: {m}" for e in errors for m in e.messages])
