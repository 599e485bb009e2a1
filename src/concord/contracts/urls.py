"""The contract pages, under /contracts/."""

from django.urls import path

from .views import contracts, creating, exports, traceability

app_name = "contracts"

urlpatterns = [
    path("", contracts.contracts, name="contracts"),
    path("new/", creating.new, name="new"),
    path("traceability/", traceability.report, name="traceability"),
    path("obligations/<str:code>/", traceability.obligations, name="obligations"),
    path("commitments/<int:pk>/", contracts.commitment, name="commitment"),
    path("export/<str:what>.<str:fmt>", exports.export, name="export"),
    path("<str:reference>/", contracts.contract, name="contract"),
]
