"""Changing a programme's pathway from its pages. Each form runs one action, which checks the
permission: a refusal is a 403; an invalid change is summarised above the form (400); a change
made redirects to the page, which confirms it."""

from django.utils.timezone import localdate

from concord.web.actions import permitted, require_permission, run

from .. import actions
from ..forms import ConfirmForm, RemoveStageForm, StageForm

__all__ = ["SECTIONS", "check_edit", "draft", "may_edit", "pathway_forms", "perform"]


def may_edit(user, programme) -> bool:
    """The rule the actions apply (`require_edit`), to decide whether to show the forms."""
    return permitted(actions.require_edit, user, programme)


def check_edit(user, programme) -> None:
    require_permission(actions.require_edit, user, programme)


# -- the programme page: draft a new version --------------------------------------------------


def draft(request, programme, form):
    """The new draft, or None when the form or the action refused it."""
    if not form.is_valid():
        return None
    return run(
        form, actions.draft_pathway, by=request.user, programme=programme, **form.cleaned_data
    )


# -- the pathway page: add and remove stages, publish, retire ---------------------------------

SECTIONS = {  # the transition posted -> the section its errors link to
    "add-stage": "add-stage",
    "remove-stage": "stages",
    "publish": "publish",
    "retire": "retire",
}


def pathway_forms(pathway, posted: str | None, data) -> dict:
    def bound(name):
        return data if name == posted else None

    return {
        "add-stage": StageForm(bound("add-stage"), programme=pathway.programme, on=localdate()),
        "remove-stage": RemoveStageForm(bound("remove-stage"), pathway=pathway),
        "publish": ConfirmForm(bound("publish")),
        "retire": ConfirmForm(bound("retire")),
    }


def perform(request, pathway, posted: str, form) -> str | None:
    """Run the action of the form posted; the confirmation to show, or None if refused."""
    by = request.user
    if posted == "add-stage":
        made = run(form, actions.add_stage, by=by, pathway=pathway, **form.terms())
        return made and f"Stage {made.order} added: {made.name}"
    if posted == "remove-stage":
        stage = form.cleaned_data["stage"]
        removed = f"Stage {stage.order} removed: {stage.name}"
        run(form, actions.remove_stage, by=by, stage=stage)  # returns nothing
        return None if form.errors else removed
    if posted == "publish":
        before = pathway.programme.pathways.published().first()
        if run(form, actions.publish_pathway, by=by, pathway=pathway) is None:
            return None
        retired = f". Version {before.number} is retired and stays readable" if before else ""
        return f"Version {pathway.number} published{retired}"
    if run(form, actions.retire_pathway, by=by, pathway=pathway) is None:
        return None
    return f"Version {pathway.number} retired"
