"""Database lookups Django lacks."""

import json

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


# What a column of each kind stores, as Python values that need no preparation.
PLAIN_TYPES = ((models.CharField, str), (models.IntegerField, int))


class InList(models.Lookup):
    """``field__in_list=values``: ``IN`` over a list the database unpacks from one JSON parameter.

    ``__in`` binds one parameter per value: past SQLite's limit (250,000 here, 32,766 or 999 elsewhere)
    the statement fails, and on PostgreSQL a long list costs more to parse than to run. This binds one
    text parameter however long the list: ``json_each`` on SQLite, ``jsonb_array_elements_text`` cast
    to the column's type on PostgreSQL. The list is materialised once (an uncorrelated subquery).
    """

    lookup_name = "in_list"

    def get_prep_lookup(self):
        # Every value already what the column stores (text for a text column, int for an integer one):
        # no per-value preparation, which cost seconds for the 300,000 numbers of a KPJ answer.
        field = self.lhs.output_field
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        plain = next((kind for column, kind in PLAIN_TYPES if isinstance(field, column)), None)
        self.plain = plain is not None and set(map(type, self.rhs)) <= {plain}
        if self.plain:
            return list(self.rhs)
        return [self.lhs.output_field.get_prep_value(v) for v in self.rhs]

    def process_rhs(self, compiler, connection):
        if self.plain:
            values = self.rhs
        else:
            adapt = self.lhs.output_field.get_db_prep_value
            values = [adapt(v, connection, prepared=True) for v in self.rhs]
            values = [v if isinstance(v, (int, float, str)) or v is None else str(v) for v in values]
        payload = json.dumps(values)
        if connection.vendor == "postgresql":
            db_type = self.lhs.output_field.cast_db_type(connection)
            sql = f"(SELECT CAST(value AS {db_type}) FROM jsonb_array_elements_text(%s::jsonb) AS value)"  # noqa: S608
            return sql, [payload]
        return "(SELECT value FROM json_each(%s))", [payload]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            return "1 = 0", []
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]


for _field in (models.IntegerField, models.CharField, models.DateField, models.ForeignKey):
    _field.register_lookup(InList)
