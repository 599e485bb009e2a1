"""CSV text read safely: every file Concord reads as CSV comes through `records`.

It decodes the bytes line by line, so a byte that is not text in the file's encoding is refused
naming its row and column, not the whole file; it refuses a field longer than the csv module's
limit (131,072 characters) naming its row and column, where the module alone raises an error that
names neither; and it turns any other fault of the CSV itself into the same kind of refusal.
It knows nothing of importers or submissions: each turns `Unreadable` into its own error.
"""

import csv
from collections.abc import Iterable, Iterator

__all__ = ["Unreadable", "formula", "formula_refusal", "records"]

ENCODING = "utf-8"
BOM = b"\xef\xbb\xbf"
FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters unless changed: no field comes near
FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r")  # what a spreadsheet may run as a formula


class Unreadable(Exception):
    """A row that cannot be read as CSV text. `column` is 0-based (None: the row as a whole)."""

    def __init__(self, row: int, column: int | None, message: str):
        self.row, self.column, self.message = row, column, message
        super().__init__(message)


class _Lines:
    """The file's lines decoded one at a time, remembering the text of the record being read."""

    def __init__(self, raw: Iterable[bytes], encoding: str):
        self.raw, self.encoding, self.record, self.first = split(raw), encoding, "", True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.raw)
        if self.first:
            line, self.first = line.removeprefix(BOM), False
        try:
            text = line.decode(self.encoding)
        except UnicodeDecodeError as error:
            self.record += line[: error.start].decode(self.encoding)
            byte = line[error.start]
            raise Unreadable(
                0,
                _field_index(self.record),
                f"byte 0x{byte:02X} is not {self.encoding.upper()} text: "
                "save the file as UTF-8 (in Excel: CSV UTF-8)",
            ) from None
        self.record += text
        return text


def split(raw: Iterable[bytes]) -> Iterator[bytes]:
    """Lines ending in a carriage return alone (old Mac files) as well as in a line feed."""
    for line in raw:
        if b"\r" in line.rstrip(b"\r\n"):
            yield from line.splitlines(keepends=True)
        else:
            yield line


def records(raw: Iterable[bytes], encoding: str = ENCODING) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) for every record of CSV bytes given as lines; row 1 is the first.

    Raises Unreadable for a byte that is not text, an over-long field, or broken CSV."""
    lines = _Lines(raw, encoding)
    reader = csv.reader(lines)
    number = 0
    while True:
        number += 1
        lines.record = ""
        try:
            fields = next(reader)
        except StopIteration:
            return
        except Unreadable as error:
            error.row = number
            raise
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise Unreadable(
                    number,
                    _longest_field(lines.record),
                    f"a field is longer than {FIELD_LIMIT:,} characters, the most one may hold",
                ) from None
            raise Unreadable(number, None, f"cannot be read as CSV ({error})") from None
        yield number, fields


def _field_index(text: str) -> int:
    """The 0-based index of the field that `text` (the start of a record) ends in."""
    return len(_field_lengths(text)) - 1


def _longest_field(text: str) -> int:
    """The 0-based index of the longest field in the (partial) record `text`."""
    lengths = _field_lengths(text)
    return max(range(len(lengths)), key=lengths.__getitem__)


def _field_lengths(text: str) -> list[int]:
    """The length of each field of a partial record, commas inside quotes being text."""
    lengths, quoted = [0], False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            lengths.append(0)
            continue
        lengths[-1] += 1
    return lengths


def formula(value) -> bool:
    """True for text a spreadsheet would take for a formula (negative numbers are not)."""
    return isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES)
    )


def formula_refusal(value: str) -> str:
    shown = {"\t": "a tab", "\r": "a carriage return"}.get(value.lstrip(" ")[:1], repr(value[:1]))
    return (
        f"begins with {shown}, which a spreadsheet would run as a formula; "
        "text may not begin with =, +, @, a tab or a carriage return"
    )
