from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sangkien.core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # Each app declares its event consumers in a `consumers` module.
        autodiscover_modules("consumers")
