from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarriersConfig(AppConfig):
    name = "kechuang.carriers"
    label = "carriers"
    verbose_name = _("创新载体")

    def ready(self) -> None:
        # rules, buttons, panels, the provider of the Excel import
        from kechuang.carriers import actions, panels, permissions, views_records  # noqa: F401
