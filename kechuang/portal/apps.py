from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Home pages, the header menu and the demo command: the one app that may depend on every other.

    It has no models, so no verbose name is shown anywhere (the admin lists only apps with models).
    """

    name = "kechuang.portal"
    label = "portal"
