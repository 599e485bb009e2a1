from django.contrib import admin

from concord.organisations.admin import SuperuserOnly

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("name", "user", "created_at")
    readonly_fields = ("key_hash", "created_at")
