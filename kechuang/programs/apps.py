from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "kechuang.programs"
    label = "programs"
    verbose_name = _("科技计划项目管理")

    def ready(self) -> None:
        from kechuang.programs import (  # noqa: F401  (registers rules and buttons)
            actions,
            actions_execution,
            permissions,
            permissions_execution,
        )
