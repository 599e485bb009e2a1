"""Contracts and KPIs from CSV through the importer discipline (one transaction, errors naming
file, row and column, exit code 2, idempotent), and exported as CSV and XLSX that import again."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from concord.contracts.export import CONTRACT_COLUMNS, KPI_COLUMNS
from concord.contracts.importers import ContractsCsvImporter, KpisCsvImporter
from concord.contracts.models import KPI, Contract
from concord.organisations.importers.base import ImportFailed
from tests.integration.contracting import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def write(tmp_path, name, columns, rows):
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def contract_row(world, reference="JC-1", shares=("600000", "400000"), value="1000000"):
    commissioners = f"{world.ccg.code}={shares[0]};{world.council.code}={shares[1]}"
    return [
        reference,
        "Joint memory service",
        "nhs_standard",
        "active",
        "2021-04-01",
        "2024-03-31",
        value,
        commissioners,
        world.mental_health.code,
    ]


def kpi_row(world, commitment="auto", code="K1"):
    serves = world.commitment_of(world.mental_health).pk if commitment == "auto" else commitment
    return [
        "JC-1",
        code,
        "Review in twelve weeks",
        "dementia-diagnosis-rate-65",
        "at_least",
        "66.7",
        "month",
        "Action plan",
        serves,
    ]


def test_contracts_and_kpis_import_and_a_second_run_changes_nothing(world, tmp_path):
    contracts = write(tmp_path, "contracts.csv", CONTRACT_COLUMNS, [contract_row(world)])
    batch = ContractsCsvImporter(contracts, progress=False).run()
    assert (batch.created, batch.updated) == (1, 0)
    contract = Contract.objects.get(reference="JC-1")
    assert {p.organisation: p.share for p in contract.commissioners} == {
        world.ccg: 600000,
        world.council: 400000,
    }
    kpis = write(tmp_path, "kpis.csv", KPI_COLUMNS, [kpi_row(world)])
    KpisCsvImporter(kpis, progress=False).run()
    (kpi,) = KPI.objects.all()
    assert kpi.commitment == world.commitment_of(world.mental_health)
    again = ContractsCsvImporter(contracts, progress=False, force=True).run()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Contract.objects.count() == 1 and KPI.objects.count() == 1


def test_a_changed_file_updates_the_contract_and_its_parties(world, tmp_path):
    ContractsCsvImporter(write(tmp_path, "a.csv", CONTRACT_COLUMNS, [contract_row(world)])).run()
    row = contract_row(world, shares=("700000", "300000"))
    batch = ContractsCsvImporter(write(tmp_path, "b.csv", CONTRACT_COLUMNS, [row])).run()
    assert batch.updated == 1
    shares = {p.organisation: p.share for p in Contract.objects.get().commissioners}
    assert shares[world.ccg] == 700000


@pytest.mark.parametrize(
    "change, column, message",
    [
        (lambda r: r.__setitem__(2, "lease"), "kind", "expected one of nhs_standard"),
        (lambda r: r.__setitem__(4, "01/04/2021"), "start", "expected a date as YYYY-MM-DD"),
        (lambda r: r.__setitem__(6, "lots"), "annual_value", "expected an amount in pounds"),
        (lambda r: r.__setitem__(8, "ZZZ"), "providers", "unknown organisation code 'ZZZ'"),
        (lambda r: r.__setitem__(6, "999"), "commissioners", "add up to £1,000,000.00"),
    ],
)
def test_a_bad_row_names_file_row_and_column_and_writes_nothing(
    world, tmp_path, change, column, message
):
    bad = contract_row(world, reference="JC-2")
    change(bad)
    path = write(tmp_path, "bad.csv", CONTRACT_COLUMNS, [contract_row(world), bad])
    with pytest.raises(ImportFailed) as failed:
        ContractsCsvImporter(path, progress=False).run()
    assert (failed.value.file, failed.value.row, failed.value.column) == ("bad.csv", 3, column)
    assert message in failed.value.message
    assert not Contract.objects.exists()


def test_a_kpi_for_an_unknown_commitment_is_refused_with_exit_code_2(world, tmp_path, capsys):
    ContractsCsvImporter(write(tmp_path, "c.csv", CONTRACT_COLUMNS, [contract_row(world)])).run()
    path = write(tmp_path, "k.csv", KPI_COLUMNS, [kpi_row(world), kpi_row(world, "99999", "K2")])
    with pytest.raises(SystemExit) as exited:
        call_command("concord_import", "kpis-csv", str(path), "--no-progress")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "k.csv, row 3, column commitment" in err and "nothing was written" in err
    assert not KPI.objects.exists()


def exported(client, what, fmt):
    response = client.get(f"/contracts/export/{what}.{fmt}")
    assert response.status_code == 200
    return response.content


def test_export_is_what_the_importer_reads_and_hides_values_from_outsiders(world, tmp_path, client):
    ContractsCsvImporter(write(tmp_path, "c.csv", CONTRACT_COLUMNS, [contract_row(world)])).run()
    KpisCsvImporter(write(tmp_path, "k.csv", KPI_COLUMNS, [kpi_row(world)])).run()
    client.force_login(world.ccg_viewer)
    rows = list(csv.reader(io.StringIO(exported(client, "contracts", "csv").decode("utf-8-sig"))))
    assert rows == [list(CONTRACT_COLUMNS), contract_row(world)]
    book = load_workbook(io.BytesIO(exported(client, "kpis", "xlsx")))
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert sheet[0] == list(KPI_COLUMNS) and sheet[1][:2] == ["JC-1", "K1"]
    client.force_login(world.outsider_editor)
    outsider = list(
        csv.reader(io.StringIO(exported(client, "contracts", "csv").decode("utf-8-sig")))
    )
    assert outsider[1][6] == "" and "=" not in outsider[1][7]
    path = tmp_path / "again.csv"
    path.write_bytes(exported(client, "kpis", "csv"))
    assert KpisCsvImporter(path, force=True).run().unchanged == 1
    assert KPI.objects.count() == 1


# (a leading tab or carriage return cannot reach a contract: the importer strips its fields)
RUNNABLE = ('=HYPERLINK("http://x")', "-2+3", "@SUM(A1)", "+cmd")


@pytest.mark.parametrize("text", RUNNABLE)
def test_a_title_a_spreadsheet_would_run_is_exported_inert_and_read_back_as_given(
    world, tmp_path, client, text
):
    """Importers refuse such text (the corruption matrix), but a title saved another way (as the
    API or a form may save it) is still exported inert; reading that export back either gives the
    title as it was (`-2+3`, which importers accept) or is refused, naming the row and column."""
    ContractsCsvImporter(write(tmp_path, "c.csv", CONTRACT_COLUMNS, [contract_row(world)])).run()
    KpisCsvImporter(write(tmp_path, "k.csv", KPI_COLUMNS, [kpi_row(world)])).run()
    Contract.objects.update(title=text)
    KPI.objects.update(name=text, consequence=f"{text} plan")
    client.force_login(world.ccg_viewer)

    for what, columns in (("contracts", [1]), ("kpis", [2, 7])):
        body = exported(client, what, "csv").decode("utf-8-sig")
        row = list(csv.reader(io.StringIO(body)))[1]
        assert [row[n] for n in columns] == ["'" + text, f"'{text} plan"][: len(columns)]
        book = load_workbook(io.BytesIO(exported(client, what, "xlsx")))
        for sheet in book.worksheets:
            for cells in sheet.iter_rows():
                for cell in cells:
                    assert cell.data_type != "f", (what, sheet.title, cell.coordinate)
        cell = book.worksheets[0].cell(row=2, column=columns[0] + 1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix

    again = tmp_path / "again.csv"
    for what, importer, model, field in (
        ("contracts", ContractsCsvImporter, Contract, "title"),
        ("kpis", KpisCsvImporter, KPI, "name"),
    ):
        again.write_bytes(exported(client, what, "csv"))
        if text.startswith("-"):
            assert importer(again, force=True, progress=False).run().unchanged == 1
        else:
            with pytest.raises(ImportFailed, match=f"row 2, column {field}: .*formula"):
                importer(again, force=True, progress=False).run()
        assert getattr(model.objects.get(), field) == text


def test_a_negative_threshold_is_exported_as_a_number_not_neutralised(world, tmp_path, client):
    ContractsCsvImporter(write(tmp_path, "c.csv", CONTRACT_COLUMNS, [contract_row(world)])).run()
    kpi = kpi_row(world)
    kpi[5] = "-2.5"
    KpisCsvImporter(write(tmp_path, "k.csv", KPI_COLUMNS, [kpi])).run()
    client.force_login(world.ccg_viewer)
    row = list(csv.reader(io.StringIO(exported(client, "kpis", "csv").decode("utf-8-sig"))))[1]
    assert row[5] == "-2.5"
