"""Database lookups Django lacks."""

from django.db import models


@models.CharField.register_lookup
class Digits(models.Lookup):
    """``field__digits=16``: exactly that many ASCII digits, in plain SQL on every database.

    ``field__regex`` would do on PostgreSQL, but SQLite runs REGEXP as a Python callback per row: in a
    check constraint that is 2 s per million imported rows (docs/PERFORMANCE.md, "Imports").
    """

    lookup_name = "digits"
    prepare_rhs = False  # a count, not a value of the text field

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"(LENGTH({lhs}) = {rhs} AND {lhs} NOT GLOB '*[^0-9]*')", [
            *lhs_params,
            *rhs_params,
            *lhs_params,
        ]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"(LENGTH({lhs}) = {rhs} AND {lhs} !~ '[^0-9]')", [*lhs_params, *rhs_params, *lhs_params]
