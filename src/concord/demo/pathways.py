"""The programmes part of the demo economy: the Wigan Borough dementia programme, its team drawn
from six organisations, and its published five-stage pathway, loaded through the actions.

It links to the Wigan senate's dementia agreement by forum and title, and to commitments by
party code. A programme that exists already is left alone, so loading twice changes nothing.
"""

import datetime as dt
import json
from importlib import resources

from django.db import transaction

from concord.demo.contracts import commissioning_manager, the_agreement
from concord.indicators.models import Indicator
from concord.organisations.models import Organisation, Person
from concord.pathways import actions
from concord.pathways.models import Programme

__all__ = ["build", "load_programmes_demo", "orgs", "read"]


def read(name: str) -> dict:
    return json.loads((resources.files("concord.demo") / "data" / "pathways" / name).read_text())


def orgs(codes) -> list[Organisation]:
    return list(Organisation.objects.filter(code__in=codes))


def build(spec: dict, by) -> Programme:
    agreement = the_agreement(spec["agreement"])
    p = spec["programme"]
    programme = actions.create_programme(
        by=by,
        name=p["name"],
        slug=p["slug"],
        condition=p["condition"],
        population=p["population"],
        purpose=p["purpose"],
        lead_organisation=Organisation.objects.get(code=p["lead"]),
        agreements=[agreement],
    )
    for m in spec["team"]:
        actions.add_team_member(
            by=by,
            programme=programme,
            person=Person.objects.get(name=m["person"]),
            on_behalf_of=Organisation.objects.get(code=m["for"]),
            role=m["role"],
            start=dt.date.fromisoformat(m["start"]),
        )
    pathway_spec = spec["pathway"]
    pathway = actions.draft_pathway(
        by=by, programme=programme, title=pathway_spec["title"], summary=pathway_spec["summary"]
    )
    for s in pathway_spec["stages"]:
        actions.add_stage(
            by=by,
            pathway=pathway,
            name=s["name"],
            standard=s["standard"],
            responsible=orgs(s["responsible"]),
            indicators=list(Indicator.objects.filter(code__in=s["indicators"])),
            commitments=list(agreement.commitments.filter(party__code__in=s["commitments"])),
        )
    published_on = dt.date.fromisoformat(pathway_spec["published_on"])
    actions.publish_pathway(by=by, pathway=pathway, on=published_on)
    return programme


@transaction.atomic
def load_programmes_demo() -> list[Programme]:
    """Load the demo programme unless it exists; returns the programmes made this time."""
    spec = read("wigan_dementia.json")
    if Programme.objects.filter(slug=spec["programme"]["slug"]).exists():
        return []
    return [build(spec, commissioning_manager())]
