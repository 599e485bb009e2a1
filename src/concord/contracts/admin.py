"""Django's admin for contracts: superusers only, and read-only; every change goes through the
actions, which check who may."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from concord.organisations.admin import ReadOnly

from .models import KPI, Contract, ContractParty, Variation


class PartyInline(ReadOnly, admin.TabularInline):
    model = ContractParty
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(Contract)
class ContractAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("reference", "title", "kind", "status", "start", "end")
    list_filter = ("kind", "status")
    search_fields = ("reference", "title")
    raw_id_fields = ("renewal_decision",)
    inlines = [PartyInline]


@admin.register(KPI)
class KPIAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("contract", "code", "name", "indicator", "commitment")
    raw_id_fields = ("contract", "commitment")


@admin.register(Variation)
class VariationAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("contract", "number", "effective_from", "decision")
    raw_id_fields = ("contract", "decision")
