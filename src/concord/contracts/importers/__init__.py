"""Contracts and KPIs from CSV: `concord import contracts-csv FILE`, `… kpis-csv FILE`."""

from .contracts_csv import ContractsCsvImporter
from .kpis_csv import KpisCsvImporter

__all__ = ["ContractsCsvImporter", "KpisCsvImporter"]
