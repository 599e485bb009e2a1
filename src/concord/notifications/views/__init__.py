"""The preferences page: which emails you get, and when."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from concord.governance.errors import GovernanceError
from concord.governance.representation import person_of

from ..actions import current, set_preferences
from ..forms import PreferencesForm
from ..rules import NO_PERSON


@login_required
def preferences(request):
    person = person_of(request.user)
    form = PreferencesForm(request.POST or None, initial=current(person))
    if request.method == "POST" and form.is_valid():
        try:
            set_preferences(by=request.user, choices=form.cleaned_data)
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your choices are saved.")
            return redirect("notifications:preferences")
    context = {"form": form, "person": person, "no_person": NO_PERSON}
    return render(request, "notifications/preferences.html", context)
