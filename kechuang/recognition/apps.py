from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "kechuang.recognition"
    label = "recognition"
    verbose_name = _("认定")

    def ready(self) -> None:
        from kechuang.recognition import actions, permissions  # noqa: F401  (registers rules and buttons)
