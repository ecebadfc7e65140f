from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Home pages, the header menu and the demo command: the one app that may depend on every other.

    Its own records are the public site's announcements (通知公告); everything else it shows is read
    through the capability apps' selectors.
    """

    name = "kechuang.portal"
    label = "portal"
    verbose_name = _("门户")

    def ready(self) -> None:
        from kechuang.portal import actions, permissions  # noqa: F401  (registers the rule and buttons)
