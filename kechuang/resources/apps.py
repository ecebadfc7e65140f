from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "kechuang.resources"
    label = "resources"
    verbose_name = _("共享资源与创新券")

    def ready(self) -> None:
        from kechuang.resources import actions, permissions  # noqa: F401  (registers rules and buttons)
