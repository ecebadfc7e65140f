from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kechuang.registry"
    label = "registry"
    verbose_name = _("主体库")

    def ready(self) -> None:
        from kechuang.accounts.otp import register_staff_rule

        # rules, export providers, the expert import's provider
        from kechuang.registry import permissions, views_excel, views_experts  # noqa: F401
        from kechuang.registry.guards import user_is_officer_or_admin

        # Officers and platform admins are the staff who must sign in with two factors when required.
        register_staff_rule(user_is_officer_or_admin)
