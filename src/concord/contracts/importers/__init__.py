"""Contracts and KPIs from CSV: `concord import contracts-csv FILE`, `… kpis-csv FILE`."""

import concord.organisations.importers  # noqa: F401  (the registry imports ours: load it first)

from .contracts_csv import ContractsCsvImporter
from .kpis_csv import KpisCsvImporter

__all__ = ["ContractsCsvImporter", "KpisCsvImporter"]
