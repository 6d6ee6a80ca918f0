"""Atom feeds of newly received initiatives (public parts only) and of newly posted demands."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from sangkien.initiatives.models import Demand, Initiative
from sangkien.initiatives.selectors import (
    CatalogueFilters,
    DemandFilters,
    catalogue,
    demand_list,
)


class NewInitiativesFeed(Feed[Initiative, None]):
    feed_type = Atom1Feed
    title = _("Sáng Kiến: new initiatives")
    subtitle = _("Initiatives newly received by the platform (public summaries).")

    def link(self) -> str:
        return reverse("initiatives:catalogue")

    def items(self) -> list[Initiative]:
        return list(catalogue(CatalogueFilters(sort="newest"))[:50])

    def item_title(self, item: Initiative) -> str:
        return item.title

    def item_description(self, item: Initiative) -> str:
        return item.summary

    def item_link(self, item: Initiative) -> str:
        return reverse("initiatives:detail", args=[item.pk])

    def item_pubdate(self, item: Initiative) -> datetime | None:
        return item.first_received_at


class OpenDemandsFeed(Feed[Demand, None]):
    feed_type = Atom1Feed
    title = _("Sáng Kiến: new demands")
    subtitle = _("Problems newly posted by businesses and local authorities, open for answers.")

    def link(self) -> str:
        return reverse("demands:list")

    def items(self) -> list[Demand]:
        return list(demand_list(DemandFilters()).order_by("-created_at", "-id")[:50])

    def item_title(self, item: Demand) -> str:
        return item.title

    def item_description(self, item: Demand) -> str:
        return item.problem

    def item_link(self, item: Demand) -> str:
        return reverse("demands:detail", args=[item.pk])

    def item_pubdate(self, item: Demand) -> datetime | None:
        return item.created_at
