"""Import batches: which file came in, when, by whom, and what it changed."""

from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from concord.organisations.models import ImportBatch

from .schemas import ImportBatchOut

router = Router(tags=["imports"])


@router.get("", response=list[ImportBatchOut], url_name="imports")
@paginate(LimitOffsetPagination)
def list_imports(request):
    """Newest first."""
    return ImportBatch.objects.select_related("imported_by")
