"""A change made from a page's form, for every app whose actions raise the governance errors
(governance, pathways, contracts): the action checks the permission and the rules; a refused
permission is a 403, an invalid change becomes the form's error, summarised above the form."""

from django.core.exceptions import PermissionDenied

from .errors import GovernanceError, NotAllowed


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


def run(form, action, **kwargs):
    """Run an action for a valid form: what it returns, or None when it refused the change,
    which then becomes the form's error (by its field, when the form's `refused` knows it)."""
    try:
        return action(**kwargs)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except GovernanceError as exc:
        refused = getattr(form, "refused", None)
        if refused:
            refused(str(exc))
        else:
            form.add_error(None, str(exc))
        return None


def error_summary(form, anchor: str) -> list[tuple[str, str]]:
    """(anchor, message) for each error; errors of the whole form link to its section."""
    if form is None or not form.is_bound:
        return []
    link = getattr(form, "anchor", lambda name: form[name].auto_id)
    found = [(anchor, e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            found += [(link(name), e) for e in errors]
    return found
