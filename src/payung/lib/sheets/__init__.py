"""Read worker lists as offices send them (XLSX, XLS, ODS, CSV) into clean, typed rows.

Framework-free: no Django here. ``read_sheet`` finds the table in the file,
``normalise`` parses every cell, both report problems with stable codes and
messages in Bahasa Indonesia.
"""

from payung.lib.sheets.detect import DEFAULT_MAX_BYTES, DEFAULT_MAX_UNCOMPRESSED, Format, sniff
from payung.lib.sheets.errors import Problem, SheetError
from payung.lib.sheets.headers import FIELDS, SYNONYMS, field_for, normalise_header
from payung.lib.sheets.normalise import DEFAULT_REQUIRED, LABELS, Normalised, normalise
from payung.lib.sheets.reader import ROW, Sheet, read_grid, read_sheet

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_UNCOMPRESSED",
    "DEFAULT_REQUIRED",
    "FIELDS",
    "LABELS",
    "ROW",
    "SYNONYMS",
    "Format",
    "Normalised",
    "Problem",
    "Sheet",
    "SheetError",
    "field_for",
    "normalise",
    "normalise_header",
    "read_grid",
    "read_sheet",
    "sniff",
]
