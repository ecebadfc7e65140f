from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kechuang.registry"
    label = "registry"
    verbose_name = _("主体库")

    def ready(self) -> None:
        from kechuang.registry import permissions  # noqa: F401  (registers rules)
