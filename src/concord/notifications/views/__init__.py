"""The preferences page: which emails you get, and when."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from concord.governance.representation import person_of
from concord.web.actions import form_status, run

from ..actions import current, set_preferences
from ..forms import PreferencesForm
from ..rules import NO_PERSON


@login_required
def preferences(request):
    person = person_of(request.user)
    form = PreferencesForm(request.POST or None, initial=current(person))
    if request.method == "POST" and form.is_valid():
        if run(form, set_preferences, by=request.user, choices=form.cleaned_data) is not None:
            messages.success(request, "Your choices are saved.")
            return redirect("notifications:preferences")
    context = {"form": form, "person": person, "no_person": NO_PERSON}
    return render(request, "notifications/preferences.html", context, status=form_status(form))
