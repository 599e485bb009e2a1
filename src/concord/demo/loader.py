"""Loads the demo health economy from the CSV files in `data/`, idempotently.

Every row is upserted by its natural key (organisation code; child, parent, kind and start of a
link; practice and extract date of a count; a person's name; person, organisation, role and start
of a post), so loading twice changes nothing. An organisation's ODS status is dated once, as the
first release to name it would date it. One load is one transaction and one import batch.
"""

import csv
import datetime as dt
import hashlib
from importlib import resources

from django.db import transaction
from django.utils import timezone

from concord.organisations.importers.orgs import OrgSync
from concord.organisations.models import (
    ImportBatch,
    Organisation,
    Person,
    PopulationCount,
    Post,
    Relationship,
    StatusPeriod,
)
from concord.organisations.statuses import first_periods

__all__ = ["FILES", "data_file", "load_demo", "read"]

BATCH_KIND = "demo"
FILES = ("organisations.csv", "relationships.csv", "population.csv", "people.csv", "posts.csv")


def data_file(name: str):
    return resources.files("concord.demo") / "data" / name


def read(name: str) -> list[dict]:
    with data_file(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def checksum() -> str:
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(data_file(name).read_bytes())
    return digest.hexdigest()


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class Counts:
    def __init__(self):
        self.created = self.updated = self.unchanged = 0

    def add(self, created: int = 0, updated: int = 0, unchanged: int = 0):
        self.created += created
        self.updated += updated
        self.unchanged += unchanged


def load_organisations(rows, batch, counts: Counts) -> dict[str, Organisation]:
    """Blank optional fields are left out, so they never blank what an import has filled in."""
    orgs = OrgSync(batch)
    for row in rows:
        optional = {name: row[name] for name in ("ons_code", "postcode", "status") if row[name]}
        orgs.want(
            row["code"],
            keep_existing=("is_local_code",),
            name=row["name"],
            kind=row["kind"],
            is_local_code=row["is_local_code"] == "true",
            opened=day(row["opened"]),
            closed=day(row["closed"]),
            **optional,
        )
    saved = orgs.save()
    counts.add(saved["created"], saved["updated"], orgs.unchanged)
    codes = [row["code"] for row in rows]
    return {o.code: o for o in Organisation.objects.filter(code__in=codes)}


def load_status_periods(orgs, batch, counts: Counts) -> None:
    """Date each organisation's ODS status as a first release would, where none is dated yet."""
    dated = set(
        StatusPeriod.objects.filter(organisation__in=list(orgs.values())).values_list(
            "organisation", flat=True
        )
    )
    new = [
        StatusPeriod(organisation=org, status=status, start=start, end=end, batch=batch)
        for org in orgs.values()
        if org.status and org.pk not in dated
        for status, start, end in first_periods(org.status, opened=org.opened, closed=org.closed)
    ]
    StatusPeriod.objects.bulk_create(new)
    counts.add(created=len(new))


def load_relationships(rows, orgs, batch, counts: Counts) -> None:
    existing = {
        (r.child_id, r.parent_id, r.kind, r.start): r
        for r in Relationship.objects.filter(child__in=list(orgs.values()))
    }
    new, changed = [], []
    for row in rows:
        child, parent = orgs[row["child"]], orgs[row["parent"]]
        start, end = day(row["start"]), day(row["end"])
        link = existing.get((child.pk, parent.pk, row["kind"], start))
        if link is None:
            new.append(
                Relationship(
                    child=child, parent=parent, kind=row["kind"], start=start, end=end, batch=batch
                )
            )
        elif link.end != end:
            link.end = end
            changed.append(link)
    Relationship.objects.bulk_create(new)
    Relationship.objects.bulk_update(changed, ["end"])
    counts.add(len(new), len(changed), len(rows) - len(new) - len(changed))


def load_population(rows, orgs, batch, counts: Counts) -> None:
    existing = {
        (c.organisation_id, c.extract_date, c.sex, c.age_band): c
        for c in PopulationCount.objects.filter(organisation__in=list(orgs.values()))
    }
    new, changed = [], []
    for row in rows:
        key = {
            "organisation": orgs[row["code"]],
            "extract_date": day(row["extract_date"]),
            "sex": row["sex"],
            "age_band": row["age_band"],
        }
        patients = int(row["patients"])
        count = existing.get((key["organisation"].pk, *list(key.values())[1:]))
        if count is None:
            new.append(PopulationCount(**key, patients=patients, batch=batch))
        elif count.patients != patients:
            count.patients = patients
            changed.append(count)
    PopulationCount.objects.bulk_create(new)
    PopulationCount.objects.bulk_update(changed, ["patients"])
    counts.add(len(new), len(changed), len(rows) - len(new) - len(changed))


def load_people(rows, counts: Counts) -> dict[str, Person]:
    """People are saved one by one so that their history records who came in with the demo."""
    people = {p.name: p for p in Person.objects.filter(name__in=[r["name"] for r in rows])}
    for row in rows:
        fictional = row["is_fictional"] == "true"
        person = people.get(row["name"])
        if person is None:
            people[row["name"]] = Person.objects.create(name=row["name"], is_fictional=fictional)
            counts.add(created=1)
        elif person.is_fictional != fictional:
            person.is_fictional = fictional
            person.save(update_fields=["is_fictional"])
            counts.add(updated=1)
        else:
            counts.add(unchanged=1)
    return people


def load_posts(rows, people, orgs, counts: Counts) -> None:
    existing = {
        (p.person_id, p.organisation_id, p.role, p.start): p
        for p in Post.objects.filter(person__in=list(people.values()))
    }
    for row in rows:
        person, org = people[row["person"]], orgs[row["organisation"]]
        fields = {
            "on_behalf_of": orgs[row["on_behalf_of"]] if row["on_behalf_of"] else None,
            "end": day(row["end"]),
        }
        post = existing.get((person.pk, org.pk, row["role"], day(row["start"])))
        if post is None:
            Post.objects.create(
                person=person, organisation=org, role=row["role"], start=day(row["start"]), **fields
            )
            counts.add(created=1)
        elif any(getattr(post, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(post, name, value)
            post.save()
            counts.add(updated=1)
        else:
            counts.add(unchanged=1)


def demo_batch(by=None) -> tuple[ImportBatch, bool]:
    """The batch of this version of the data files, made on the first load of it."""
    digest = checksum()
    batch = ImportBatch.objects.filter(kind=BATCH_KIND, checksum=digest).first()
    if batch is not None:
        return batch, False
    batch = ImportBatch.objects.create(
        kind=BATCH_KIND, file_name="concord demo economy", checksum=digest, imported_by=by
    )
    return batch, True


@transaction.atomic
def load_demo(*, by=None) -> ImportBatch:
    """Load (or bring up to date) the demo economy. Returns its import batch."""
    batch, first_load = demo_batch(by)
    tables = {name: read(name) for name in FILES}
    counts = Counts()
    orgs = load_organisations(tables["organisations.csv"], batch, counts)
    load_status_periods(orgs, batch, counts)
    load_relationships(tables["relationships.csv"], orgs, batch, counts)
    load_population(tables["population.csv"], orgs, batch, counts)
    people = load_people(tables["people.csv"], counts)
    load_posts(tables["posts.csv"], people, orgs, counts)
    if first_load:
        batch.rows_read = sum(len(rows) for rows in tables.values())
        batch.created, batch.updated, batch.unchanged = (
            counts.created,
            counts.updated,
            counts.unchanged,
        )
        batch.status, batch.finished_at = ImportBatch.Status.DONE, timezone.now()
        batch.notes = (
            "Published NHS facts and clearly labelled illustrative parts; see data/README.md"
        )
        batch.save()
    return batch
