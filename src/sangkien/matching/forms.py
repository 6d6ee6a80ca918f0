"""Forms of the search page and of an investor's interests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sangkien.geo.models import Province
from sangkien.initiatives.forms import FIELD_CHOICES
from sangkien.initiatives.selectors import field_and_subfields
from sangkien.matching.collection import KINDS, Filter
from sangkien.matching.text import MAX_QUERY_CHARS

KIND_CHOICES = [("", _("Everything")), ("initiative", _("Initiatives")),
                ("demand", _("Demands")), ("expert", _("Experts"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_CHARS, strip=True)
    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    field = forms.ChoiceField(label=_("Field"), required=False,
                              choices=[("", _("All fields")), *FIELD_CHOICES])
    province = forms.ModelChoiceField(label=_("Province or city"), required=False,
                                      queryset=Province.objects.all(),
                                      empty_label=_("All provinces"))

    def __init__(self, *args: object, experts: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not experts:
            self.fields["kind"].choices = KIND_CHOICES[:3]  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        if not any(ch.isalnum() for ch in query):
            raise forms.ValidationError(_("Type at least one word or number to search for."))
        return query

    def rule(self) -> Filter:
        data = self.cleaned_data
        province = data.get("province")
        return Filter(kinds=frozenset([data["kind"]] if data.get("kind") else KINDS),
                      province=province.code if province else None,
                      fields=field_and_subfields(data["field"]) if data.get("field") else ())


class InterestForm(forms.Form):
    fields_wanted = forms.MultipleChoiceField(label=_("Fields of science and technology"),
                                              choices=FIELD_CHOICES, required=False)
    provinces = forms.ModelMultipleChoiceField(label=_("Provinces"), required=False,
                                               queryset=Province.objects.all())
    keywords = forms.CharField(label=_("Keywords"), max_length=500, required=False,
                               help_text=_("Words that describe what you invest in."))
