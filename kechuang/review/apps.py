from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "kechuang.review"
    label = "review"
    verbose_name = _("专家评审")

    def ready(self) -> None:
        from kechuang.review import actions, permissions  # noqa: F401  (registers rules and buttons)
