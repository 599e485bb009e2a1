"""A change made from a page's form: the one runner every app's pages use.

The action checks the permission and the rules (`concord.access.refusals`). `run` calls it for a
valid form: a refused permission is a 403 (`PermissionDenied`); any other refusal becomes the
form's error (by its field, when the form's `refused` knows it or the refusal names one of the
form's fields; each refused row, for a change of several rows), summarised above the form by
`error_summary`, and the page is rendered again with the status `form_status(form)` gives: the
refusal's own (400 invalid, 409 conflict, as `refusals.status` decides for pages and API alike),
400 for a form posted with errors, else 200. `run_form` does the same for a form whose fields
are the action's arguments.
"""

from django.core.exceptions import PermissionDenied

from concord.access import refusals
from concord.access.refusals import ActionRefused, NotAllowed, RowsRefused

__all__ = ["error_summary", "form_status", "permitted", "require_permission", "run", "run_form"]


def permitted(check, *args) -> bool:
    """Whether the action's own permission `check` passes: decides whether forms are shown."""
    try:
        check(*args)
    except NotAllowed:
        return False
    return True


def require_permission(check, *args) -> None:
    """The action's own permission `check`, a refusal as a 403 before any form is read."""
    try:
        check(*args)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc


def run(form, action, /, **kwargs):
    """Run an action for a valid form: what it returns, or None when it refused the change,
    which is then the form's error and sets the status its page is rendered with."""
    try:
        return action(**kwargs)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except ActionRefused as exc:
        refuse(form, exc)
        return None


def run_form(form, action, /, **kwargs):
    """`run` for a form whose fields are the action's arguments: None, doing nothing, when the
    form is not valid; else the action called with its cleaned data besides `kwargs`."""
    if not form.is_valid():
        return None
    return run(form, action, **kwargs, **form.cleaned_data)


def refuse(form, refusal: ActionRefused) -> None:
    """Make a refusal the form's error, and its status the page's."""
    form.refusal_status = refusals.status(refusal)
    refused = getattr(form, "refused", None)
    if isinstance(refusal, RowsRefused):
        for row, why in refusal.rows.items():
            form.add_error(None, f"{row}: {why}")
    elif refused:
        refused(str(refusal))
    elif refusal.field in form.fields:
        form.add_error(refusal.field, str(refusal))
    else:
        form.add_error(None, str(refusal))


def form_status(*forms) -> int:
    """The status to render the page of these forms with: that of a change `run` refused, else
    400 when one was posted with errors, else 200."""
    shown = [form for form in forms if form is not None]
    for form in shown:
        if getattr(form, "refusal_status", None):
            return form.refusal_status
    return 400 if any(form.is_bound and not form.is_valid() for form in shown) else 200


def error_summary(form, anchor: str) -> list[tuple[str, str]]:
    """(anchor, message) for each error; errors of the whole form link to its section."""
    if form is None or not form.is_bound:
        return []
    link = getattr(form, "anchor", lambda name: form[name].auto_id)
    summary = [(anchor, e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            summary += [(link(name), e) for e in errors]
    return summary
