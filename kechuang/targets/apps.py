from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "kechuang.targets"
    label = "targets"
    verbose_name = _("目标与责任")

    def ready(self) -> None:
        # rules, buttons, the providers of the plan's Excel imports
        from kechuang.targets import actions, permissions, views_plans  # noqa: F401
