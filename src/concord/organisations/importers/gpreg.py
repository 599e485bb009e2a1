"""NHS Digital "Patients registered at a GP practice" (gp-reg-pat-prac-*.csv, with a header).

The totals file has one row per practice (SEX and AGE both ALL); the quinary and single-year age
files carry MALE/FEMALE rows by AGE_GROUP_5 ("0_4" ... "95+") or AGE ("0" ... "95+"). Every
practice must already be in the registry: import the ODS epraccur file first.
"""

import re

from ..models import Organisation, PopulationCount
from .base import Importer
from .bulk import update_rows
from .sources import read_with_header

__all__ = ["RegisteredPatientsImporter"]

EXTRACT_DATE_FORMAT = "%d%b%Y"  # 01JAN2021
PRACTICE_COLUMNS = ("CODE", "ORG_CODE")
AGE_COLUMNS = ("AGE", "AGE_GROUP_5")
SEXES = {"ALL": "all", "MALE": "male", "FEMALE": "female"}
AGE_BAND = re.compile(r"^\d{1,3}([_-]\d{1,3})?$|^\d{1,3}\+$")
PRACTICE_ROWS = "GP"


def _first_present(row: dict, names: tuple[str, ...]) -> str:
    return next(name for name in names if name in row)


class RegisteredPatientsImporter(Importer):
    kind = "gp-reg"
    description = "NHS Digital patients registered at a GP practice (gp-reg-pat-prac-*.csv)"

    def read(self):
        return read_with_header(
            self, ("EXTRACT_DATE", PRACTICE_COLUMNS, "SEX", "NUMBER_OF_PATIENTS")
        )

    def age_band(self, number: int, row: dict) -> str:
        column = next((name for name in AGE_COLUMNS if name in row), None)
        value = row[column] if column else "ALL"
        if value.upper() == "ALL":
            return "all"
        if not AGE_BAND.match(value):
            self.fail(number, column, f"expected an age band (0_4, 95+, ALL), found {value!r}")
        return value.replace("_", "-")

    def count(self, number: int, row: dict, practices: dict[str, int]) -> tuple[tuple, int]:
        column = _first_present(row, PRACTICE_COLUMNS)
        practice = practices.get(row[column])
        if practice is None:
            self.fail(
                number,
                column,
                f"practice {row[column]!r} is not in the registry: import the ODS GP practice "
                "file (concord import epraccur epraccur.csv) first",
            )
        extract_date = self.date(
            number, "EXTRACT_DATE", row["EXTRACT_DATE"], required=True, fmt=EXTRACT_DATE_FORMAT
        )
        sex = SEXES.get(row["SEX"].upper())
        if sex is None:
            self.fail(number, "SEX", f"expected ALL, MALE or FEMALE, found {row['SEX']!r}")
        patients = self.integer(number, "NUMBER_OF_PATIENTS", row["NUMBER_OF_PATIENTS"])
        return (practice, extract_date, sex, self.age_band(number, row)), patients

    def load(self, rows):
        practices = dict(Organisation.objects.values_list("code", "pk"))
        counts: dict[tuple, int] = {}
        first_seen: dict[tuple, int] = {}
        skipped = 0
        for number, row in self.with_progress(rows):
            if row.get("TYPE", PRACTICE_ROWS).upper() != PRACTICE_ROWS:
                skipped += 1  # summary rows (CCG, region, national) are rolled up, not stored
                continue
            key, patients = self.count(number, row, practices)
            if key in counts:
                self.fail(number, None, f"repeats the count on row {first_seen[key]}")
            counts[key], first_seen[key] = patients, number
        if not counts:
            self.fail(None, None, "no row is a GP practice's count (TYPE GP)")
        self.save(counts)
        if skipped:
            self.batch.notes = f"{skipped} rows that are not GP practices were skipped."

    def save(self, counts: dict[tuple, int]) -> None:
        dates = {key[1] for key in counts}
        existing = {
            (c.organisation_id, c.extract_date, c.sex, c.age_band): c
            for c in PopulationCount.objects.filter(extract_date__in=dates)
        }
        new, changed = [], []
        for key, patients in counts.items():
            record = existing.get(key)
            if record is None:
                new.append(self.population_count(key, patients))
            elif record.patients != patients:
                record.patients, record.batch = patients, self.batch
                changed.append(record)
        PopulationCount.objects.bulk_create(new, batch_size=2000)
        update_rows(changed, ["patients", "batch"])
        self.batch.created, self.batch.updated = len(new), len(changed)
        self.batch.unchanged = len(counts) - len(new) - len(changed)

    def population_count(self, key: tuple, patients: int) -> PopulationCount:
        organisation_id, extract_date, sex, age_band = key
        return PopulationCount(
            organisation_id=organisation_id,
            extract_date=extract_date,
            sex=sex,
            age_band=age_band,
            patients=patients,
            batch=self.batch,
        )
