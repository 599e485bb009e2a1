"""One search across the registry, governance, contracts and flags.

PostgreSQL answers with its full-text search (English stemming, ranked); SQLite, used in
development, with a plain case-insensitive match where every word must appear. Both read the
same fields, so a word found on one is found on the other (stemming aside). Everything a viewer
may see on a page they may find here; people are found by name and organisation only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse

from concord.access.roles import VIEWER, has_role
from concord.accountability.models import RedFlag
from concord.contracts.models import Contract
from concord.governance.models import Agreement, Commitment, Proposal, ProposalVersion
from concord.organisations.models import Organisation, Person

__all__ = ["SOURCES", "clean", "search"]

MAX_QUERY = 200
SNIPPET = 160
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    snippet: str
    url: str


@dataclass
class Found:
    """What a search found: per kind, how many matched and the first of them."""

    query: str
    counts: dict[str, int] = field(default_factory=dict)
    results: dict[str, list[Result]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Source:
    label: str
    model: type
    fields: tuple[str, ...]  # searched, in the order a snippet is looked for
    related: tuple[str, ...]
    result: object  # callable(obj, words) -> Result


def clean(query: str | None) -> str:
    """The query as searched: control characters (NUL among them) removed, spaces folded."""
    text = CONTROL.sub(" ", query or "")
    return " ".join(text.split())[:MAX_QUERY]


def snippet(texts, words) -> str:
    """The passage of the first text holding a word, or the start of the first text."""
    texts = [t for t in texts if t]
    for text in texts:
        lowered = text.lower()
        at = min((i for w in words if (i := lowered.find(w.lower())) >= 0), default=-1)
        if at >= 0:
            start = max(0, at - SNIPPET // 3)
            piece = " ".join(text[start : start + SNIPPET].split())
            return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")
    return " ".join(texts[0][:SNIPPET].split()) if texts else ""


def _organisation(o, words):
    return Result(
        "organisations",
        f"{o.name} ({o.code})",
        o.get_kind_display(),
        reverse("organisation", args=[o.code]),
    )


def _person(p, words):
    names = sorted({post.organisation.name for post in p.posts.all()})
    return Result("people", p.name, ", ".join(names), reverse("person", args=[p.pk]))


def _proposal(p, words):
    versions = sorted(p.versions.all(), key=lambda v: -v.number)
    current = versions[0] if versions else None
    texts = [p.title] + ([current.problem, current.strategy] if current else [])
    for v in versions[1:]:
        texts += [v.problem, v.strategy]
    return Result(
        "proposals",
        p.title,
        f"{p.forum.name}, {p.get_status_display().lower()}: {snippet(texts[1:] or texts, words)}",
        reverse("governance:proposal", args=[p.pk]),
    )


def _agreement(a, words):
    return Result(
        "agreements",
        a.title,
        f"{a.forum.name}: {snippet([a.strategy], words)}",
        reverse("governance:agreement", args=[a.pk]),
    )


def _commitment(c, words):
    return Result(
        "commitments",
        f"{c.party.name}: {c.agreement.title}",
        snippet([c.what], words),
        reverse("accountability:commitment", args=[c.pk]),
    )


def _contract(c, words):
    return Result(
        "contracts",
        f"{c.title} ({c.reference})",
        snippet([c.description], words) or c.get_kind_display(),
        reverse("contracts:contract", args=[c.reference]),
    )


def _flag(f, words):
    return Result(
        "flags",
        f.title,
        f"{f.get_state_display()}: {snippet([f.evidence], words)}",
        reverse("accountability:flag", args=[f.pk]),
    )


SOURCES: dict[str, Source] = {
    "proposals": Source(
        "Proposals",
        Proposal,
        ("title", "condition", "versions__problem", "versions__strategy"),
        ("forum",),
        _proposal,
    ),
    "agreements": Source("Agreements", Agreement, ("title", "strategy"), ("forum",), _agreement),
    "commitments": Source(
        "Commitments",
        Commitment,
        ("what", "party__name", "agreement__title"),
        ("party", "agreement"),
        _commitment,
    ),
    "flags": Source("Flags", RedFlag, ("title", "evidence"), (), _flag),
    "contracts": Source(
        "Contracts", Contract, ("reference", "title", "description"), (), _contract
    ),
    "organisations": Source("Organisations", Organisation, ("code", "name"), (), _organisation),
    "people": Source("People", Person, ("name", "posts__organisation__name"), (), _person),
}
PREFETCH = {
    "proposals": (Prefetch("versions", ProposalVersion.objects.order_by("-number")),),
    "people": ("posts__organisation",),
}


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _matching(source: Source, query: str):
    """The model's rows matching the query, best first."""
    model = source.model
    if _postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        terms = SearchQuery(query, config="english", search_type="plain")
        vector = SearchVector(*source.fields, config="english")
        ranked = (
            model._base_manager.annotate(v=vector)
            .filter(v=terms, pk=OuterRef("pk"))
            .annotate(r=SearchRank(F("v"), terms))
            .order_by("-r")
            .values("r")[:1]
        )
        return (
            model._base_manager.annotate(rank=Subquery(ranked))
            .filter(rank__isnull=False)
            .order_by("-rank", "pk")
        )
    words = query.split()
    condition = Q()
    for word in words:
        either = Q()
        for name in source.fields:
            either |= Q(**{f"{name}__icontains": word})
        condition &= either
    inner = model._base_manager.filter(condition).values("pk")
    return model._base_manager.filter(pk__in=inner).order_by("pk")


def search(query: str | None, user, kinds=None, limit: int = 10, offset: int = 0) -> Found:
    """Search every kind (or those named) for what a signed-in viewer may see.

    Returns per kind the number of matches and at most ``limit`` results from ``offset``.
    """
    text = clean(query)
    results = Found(query=text)
    if not text or not user.is_authenticated or not has_role(user, VIEWER):
        return results
    words = text.split()
    for kind, source in SOURCES.items():
        if kinds and kind not in kinds:
            continue
        rows = _matching(source, text)
        count = rows.count()
        results.counts[kind] = count
        if not count:
            results.results[kind] = []
            continue
        page = rows.select_related(*source.related).prefetch_related(*PREFETCH.get(kind, ()))
        results.results[kind] = [source.result(obj, words) for obj in page[offset : offset + limit]]
    return results
