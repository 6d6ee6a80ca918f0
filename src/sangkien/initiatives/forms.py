from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sangkien.core.fields import FIELDS
from sangkien.geo.models import Province
from sangkien.initiatives.models import Category, InitiativeState
from sangkien.initiatives.selectors import NOT_LISTED, SORTS, CatalogueFilters


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
                             choices=[("newest", _("Newest")), ("oldest", _("Oldest")),
                                      ("title", _("Title")), ("trl", _("Highest TRL"))])

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data
        province = data.get("province")
        return CatalogueFilters(
            q=data.get("q") or "", field=data.get("field") or "",
            province=province.code if province else None, state=data.get("state") or "",
            category=data.get("category") or "", trl=data.get("trl"),
            sort=str(data.get("sort")) if data.get("sort") in SORTS else "newest",
        )
