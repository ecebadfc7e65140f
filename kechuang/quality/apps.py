from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "kechuang.quality"
    label = "quality"
    verbose_name = _("质量品牌与知识产权")

    def ready(self) -> None:
        from kechuang.quality import actions, permissions  # noqa: F401  (rules, buttons)
