"""Keeps dated relationships in step with a file, closing and opening links instead of overwriting.

A later vintage that puts a practice under another commissioner ends the old link the day before
the new one starts, so both periods stay on record. The same file imported twice changes nothing.
"""

import datetime as dt
from collections import defaultdict

from ..kinds import parent_group
from ..models import Organisation, Relationship
from .bulk import update_rows

__all__ = ["LinkSync"]

ONE_DAY = dt.timedelta(days=1)


def _overlaps(link: Relationship, start: dt.date | None, end: dt.date | None) -> bool:
    starts_before_end = link.start is None or end is None or link.start <= end
    ends_after_start = link.end is None or start is None or link.end >= start
    return starts_before_end and ends_after_start


class LinkSync:
    """Collects the links a file asserts, then writes the difference in bulk."""

    def __init__(self, batch, kind: str, child_ids=None):
        self.batch, self.kind = batch, kind
        qs = Relationship.objects.filter(kind=kind).select_related("parent")
        if child_ids is not None:
            qs = qs.filter(child_id__in=list(child_ids))
        self.existing: dict[int, list[Relationship]] = defaultdict(list)
        for link in qs:
            self.existing[link.child_id].append(link)
        self.to_create: list[Relationship] = []
        self.to_update: dict[int, Relationship] = {}
        self.unchanged = 0

    def want(self, child: Organisation, parent: Organisation, start, end=None) -> None:
        links = self.existing[child.pk]
        same = [
            link for link in links if link.parent_id == parent.pk and _overlaps(link, start, end)
        ]
        if same:
            self._extend(same[0], start, end)
            return
        group = parent_group(parent.kind)
        new = Relationship(
            child=child, parent=parent, kind=self.kind, start=start, end=end, batch=self.batch
        )
        for link in links:
            if link.parent_id == parent.pk or parent_group(link.parent.kind) != group:
                continue
            self._make_room(link, new)
        self.to_create.append(new)
        links.append(new)

    def _extend(self, link: Relationship, start, end) -> None:
        if end is not None and link.end != end and link.pk and (link.end is None or end > link.end):
            link.end = end
            self.to_update[link.pk] = link
        else:
            self.unchanged += 1

    def _make_room(self, link: Relationship, new: Relationship) -> None:
        """End an older link of the same group when `new` starts; cap `new` before a later one."""
        if new.start is None:
            return
        if (link.start is None or link.start < new.start) and (
            link.end is None or link.end >= new.start
        ):
            link.end = new.start - ONE_DAY
            if link.pk:
                self.to_update[link.pk] = link
        elif (
            link.start is not None
            and link.start > new.start
            and (new.end is None or new.end >= link.start)
        ):
            new.end = link.start - ONE_DAY

    def save(self) -> dict[str, int]:
        Relationship.objects.bulk_create(self.to_create, batch_size=2000)
        update_rows(list(self.to_update.values()), ["end"])
        return {
            "created": len(self.to_create),
            "closed": len(self.to_update),
            "unchanged": self.unchanged,
        }
