"""The site's own endpoint, its router under /api/v1/search: the search page's results as data
(concord.web.search)."""

from ninja import Field, Query, Router, Schema

from .search import SOURCES, search

__all__ = ["router"]

router = Router(tags=["search"])
MAX_LIMIT = 50


class SearchIn(Schema):
    q: str = Field("", description="words to find; every word must match")
    kind: list[str] | None = Field(None, description=f"kinds to search: {', '.join(SOURCES)}")
    limit: int = Field(10, ge=1, le=MAX_LIMIT, description="results per kind, at most 50")
    offset: int = Field(0, ge=0, le=10000)


class ResultOut(Schema):
    kind: str
    title: str
    snippet: str
    url: str


class KindOut(Schema):
    kind: str
    count: int
    results: list[ResultOut]


class SearchOut(Schema):
    query: str
    total: int
    kinds: list[KindOut]


@router.get("", response=SearchOut, summary="Search every kind of record")
def search_all(request, params: Query[SearchIn]):
    kinds = [k for k in params.kind or [] if k in SOURCES] or None
    results = search(params.q, request.auth, kinds=kinds, limit=params.limit, offset=params.offset)
    return {
        "query": results.query,
        "total": results.total,
        "kinds": [
            {"kind": k, "count": n, "results": results.results.get(k, [])}
            for k, n in results.counts.items()
        ],
    }
