from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "sangkien.matching"
    verbose_name = _("Search and matching")
