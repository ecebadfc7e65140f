"""The rule engine speaks the request's language.

The engine (:mod:`kechuang.eligibility`, no Django) writes its explanations, parse errors and fact
labels in the language of :func:`kechuang.eligibility.i18n.language`; this middleware sets it from
Django's active language (``LocaleMiddleware`` must come first) for the whole request, pages and API.
Records kept as evidence (a claim's snapshot) are written in Chinese by the services.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from kechuang.eligibility.i18n import language


class EngineLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with language(get_language()):
            return self.get_response(request)
