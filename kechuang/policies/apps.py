from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "kechuang.policies"
    label = "policies"
    verbose_name = _("政策服务")

    def ready(self) -> None:
        from kechuang.policies import actions, exports, permissions  # noqa: F401  (rules, buttons, exports)
