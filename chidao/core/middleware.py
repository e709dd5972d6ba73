"""Every page needs a login except the few listed here."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

_OPEN_PREFIXES = ("/accounts/login", "/static/", "/api/", "/i18n/", "/healthz", "/favicon")


class LoginRequiredMiddleware:
    """Redirects anonymous visitors to the login page.

    The API does its own authentication (session or token) and answers 401 in JSON, so it
    is left out here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class LanguageMiddleware:
    """Vietnamese unless the user picked another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    officials' browsers say English; the product is Vietnamese first, so only an explicit
    choice switches it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: a thread that serves an English page next runs a
        # reminder or a test in Vietnamese, as it was.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Scripts and styles from our own origin only (the vendored assets and chidao/app.*): no
# inline <script>, no on…= handlers, no style="" attributes, no eval. A value a template
# forgot to escape can therefore not run. ECharts and Bootstrap set styles through the
# CSSOM (element.style), which style-src does not govern; htmx is told not to inject its
# indicator <style> and not to eval (the htmx-config <meta> in base.html).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends `CONTENT_SECURITY_POLICY` with every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class ApiMethodNotAllowedMiddleware:
    """A method that no endpoint at an /api/ address accepts gets a JSON 405, like every
    other API error (ninja answers these itself, in plain text), with its Allow header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            body = {
                "detail": _("Địa chỉ này không nhận phương thức %(method)s.")
                % {"method": request.method}
            }
            json_response = JsonResponse(body, status=405)
            if allowed:
                json_response["Allow"] = allowed
            return json_response
        return response
