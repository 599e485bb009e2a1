"""The NHS.UK stylesheet asks for its icons under /assets/: serve them from the static files."""

from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

__all__ = ["ASSETS_DIR", "nhsuk_asset"]

ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "nhsuk" / "assets"


@require_safe
@cache_control(max_age=86400, public=True)
def nhsuk_asset(request, path):
    try:
        return serve(request, path, document_root=ASSETS_DIR)
    except SuspiciousFileOperation:
        raise Http404("No such asset") from None
