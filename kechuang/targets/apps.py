from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "kechuang.targets"
    label = "targets"
    verbose_name = _("目标与责任")

    def ready(self) -> None:
        from kechuang.targets import actions, permissions  # noqa: F401  (registers rules and buttons)
