"""The CSV reader every importer shares: rows numbered as a spreadsheet shows them, and each
fault (a byte that is not UTF-8, an over-long field, broken CSV) named by row and column."""

import io

import pytest

from concord.organisations.importers.csvtext import Unreadable, formula, records


def read(data: bytes) -> list[tuple[int, list[str]]]:
    return list(records(io.BytesIO(data)))


def test_rows_are_numbered_from_one_and_a_byte_order_mark_is_dropped():
    assert read(b'\xef\xbb\xbfcode,name\r\nA1,"Smith, Jones"\r\n') == [
        (1, ["code", "name"]),
        (2, ["A1", "Smith, Jones"]),
    ]


def test_a_quoted_field_over_two_lines_is_one_row():
    assert read(b'a,b\n"x\ny",z\nlast,row\n') == [
        (1, ["a", "b"]),
        (2, ["x\ny", "z"]),
        (3, ["last", "row"]),
    ]


@pytest.mark.parametrize(
    ("data", "row", "column"),
    [
        (b'a,b,c\n1,"2, two",\xff\n', 2, 2),  # the comma inside quotes is not a column
        (b'a,b\n"x\ny\xfe",z\n', 2, 0),  # a row over two lines is still row 2
        (b"a,b\n1," + b"x" * 131_073 + b"\n", 2, 1),
    ],
    ids=["bad-byte", "bad-byte-in-a-quoted-line", "long-field"],
)
def test_a_fault_names_its_row_and_column(data, row, column):
    with pytest.raises(Unreadable) as error:
        read(data)
    assert (error.value.row, error.value.column) == (row, column)


def test_a_carriage_return_alone_ends_a_line():
    assert read(b"a,b\r1,2\r") == [(1, ["a", "b"]), (2, ["1", "2"])]


@pytest.mark.parametrize(
    ("value", "is_formula"),
    [
        ("=SUM(A1)", True),
        ("+1", True),
        ("@here", True),
        ("\tx", True),
        ("\rx", True),
        ("  =x", True),
        ("-5", False),
        ("-1.5e3", False),
        ("Surgery = good", False),
        ("", False),
        (None, False),
    ],
)
def test_formula_prefixes(value, is_formula):
    assert formula(value) is is_formula
