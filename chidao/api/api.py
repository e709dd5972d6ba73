"""The one NinjaAPI: authentication, error bodies and pagination shared by every router."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from chidao import __version__
from chidao.accounts.services import authenticate_token
from chidao.api.parsers import NulFreeParser


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cd_…` with a token from the user's Tokens page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    """The same token in `X-API-Key`, for clients that cannot set Authorization."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = authenticate_token(key) if key else None
        if user is not None:
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's session; CSRF is checked only once someone is signed in.

    ninja's SessionAuth checks CSRF first, so an anonymous write got "CSRF check Failed"
    (403) where the truthful answer is 401: nobody is signed in.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def signed_in_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's documentation (page and schema) for signed-in people and token holders.

    The page sends an anonymous visitor to the login form; the schema answers 401 in JSON
    like the rest of the API.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and _token_user(request) is None:
            if request.path.endswith("/docs"):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            return JsonResponse({"detail": _("Cần đăng nhập hoặc khoá API hợp lệ.")}, status=401)
        return view(request, *args, **kwargs)

    return wrapped


def _token_user(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer":
        key = request.headers.get("X-API-Key", "")
    return authenticate_token(key.strip()) if key.strip() else None


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any /api/… address that no endpoint answers: a JSON 404, not the HTML error page."""
    return JsonResponse({"detail": _("Không có địa chỉ API này.")}, status=404)


api = NinjaAPI(
    title="chidao API",
    version=__version__,
    description=(
        "API của chidao: đơn vị, người dùng và (về sau) văn bản, nhiệm vụ, chỉ tiêu. "
        "Xác thực bằng phiên đăng nhập (kèm CSRF) hoặc khoá API: `Authorization: Bearer …`."
    ),
    auth=[TokenAuth(), TokenHeaderAuth(), SignedInSession()],
    urls_namespace="api",
    parser=NulFreeParser(),  # PostgreSQL stores no NUL: refused on every database
    docs_url="/docs",
    # swagger-ui from ninja's own static files ("ninja" is in INSTALLED_APPS), never a CDN.
    docs_decorator=signed_in_docs,
)


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Không tìm thấy đối tượng."))


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    first = next(iter(errors.values()))[0]
    return _error(request, 422, first, errors=errors)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return _error(request, 422, _("Dữ liệu gửi lên không hợp lệ."), errors=errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Cần đăng nhập hoặc khoá API hợp lệ."))


api.add_router("/units", "chidao.units.api.router")
api.add_router("/users", "chidao.accounts.api.router")
api.add_router("/documents", "chidao.documents.api.router")
api.add_router("/tasks", "chidao.tasks.api.router")
api.add_router("/indicators", "chidao.indicators.api.router")
api.add_router("/reporting", "chidao.reporting.api.router")
