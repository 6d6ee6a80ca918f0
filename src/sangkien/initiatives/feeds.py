"""Atom feed of newly received initiatives: public parts only."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from sangkien.initiatives.models import Initiative
from sangkien.initiatives.selectors import CatalogueFilters, catalogue


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
