from django.contrib import admin

from concord.organisations.admin import ReadOnly, SuperuserOnly

from .models import ApiToken, LoginChange


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("name", "user", "created_at")
    readonly_fields = ("key_hash", "created_at")


@admin.register(LoginChange)
class LoginChangeAdmin(ReadOnly, admin.ModelAdmin):
    """Who gave, changed or closed which login: read-only, as the actions write it."""

    list_display = ("at", "what", "user", "before", "after", "by")
    list_filter = ("what",)
