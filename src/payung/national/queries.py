"""The national job as SQL: one text, run by Spark and by DuckDB alike, so they cannot drift apart.

Inputs are the views `mm` (membership months), `cov` (coverage summaries), `den` (BPS denominators),
`tgt` (targets) of every package, and `pkg` (instance_id, instance_name). Only SQL both dialects read
the same is used: explicit casts around every sum and count (DuckDB sums into HUGEINT, Spark into
BIGINT), doubles built by CAST (a literal like 100.0 is a DECIMAL in both, with different division
rules), percentages rounded through integers (the two engines round doubles differently at .5).

Counting a person once: a worker held by two instances in one month would be two participants if
the cube counted per instance. Each (nik_hash, month) is given to one record, the first counted one
by (instance_id, scheme_id, programme), a total order since one instance holds a worker's programme
and month once (the one-funder rule); so every cell counts distinct people and the provincial and
national rows, sums of the regency rows, are distinct people too. Double funding is reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str
    sql: str
    keep: bool = False  # used more than once: the engine materialises it


def _pct(numerator: str, denominator: str) -> str:
    return (
        f"CASE WHEN {denominator} > 0 THEN CAST(FLOOR(CAST({numerator} AS DOUBLE) * 10000 / "
        f"CAST({denominator} AS DOUBLE) + CAST(0.5 AS DOUBLE)) AS BIGINT) / CAST(100 AS DOUBLE) END"
    )


STEPS: tuple[Step, ...] = (
    Step(
        "instances",
        "SELECT instance_id, MAX(instance_name) AS instance_name FROM pkg GROUP BY instance_id",
    ),
    Step(
        "counted_primary",
        """
        SELECT nik_hash, month, province_code, regency_code, segment, funder_type FROM (
            SELECT nik_hash, month, province_code, regency_code, segment, funder_type,
                   ROW_NUMBER() OVER (PARTITION BY nik_hash, month ORDER BY instance_id, scheme_id, programme) AS rank_in_month
            FROM mm WHERE counted
        ) ranked WHERE rank_in_month = 1
        """,
    ),
    Step(
        "cube_regency",
        """
        SELECT province_code, regency_code, month, segment, funder_type,
               CAST(0 AS BIGINT) AS bpjs_participants, CAST(COUNT(*) AS BIGINT) AS payung_participants
        FROM counted_primary GROUP BY province_code, regency_code, month, segment, funder_type
        UNION ALL
        SELECT province_code, region_code AS regency_code, month, segment, '' AS funder_type,
               CAST(MAX(participants) AS BIGINT) AS bpjs_participants, CAST(0 AS BIGINT) AS payung_participants
        FROM cov WHERE source = 'bpjs_report' AND level = 2
        GROUP BY province_code, region_code, month, segment
        """,
        keep=True,
    ),
    Step(
        "cube",
        """
        SELECT 'regency' AS level, province_code, regency_code, month, segment, funder_type,
               bpjs_participants, payung_participants FROM cube_regency
        UNION ALL
        SELECT 'province' AS level, province_code, '' AS regency_code, month, segment, funder_type,
               CAST(SUM(bpjs_participants) AS BIGINT), CAST(SUM(payung_participants) AS BIGINT)
        FROM cube_regency GROUP BY province_code, month, segment, funder_type
        UNION ALL
        SELECT 'nation' AS level, '' AS province_code, '' AS regency_code, month, segment, funder_type,
               CAST(SUM(bpjs_participants) AS BIGINT), CAST(SUM(payung_participants) AS BIGINT)
        FROM cube_regency GROUP BY month, segment, funder_type
        """,
    ),
    Step(
        "denominators_regency",
        """
        SELECT MAX(province_code) AS province_code, region_code AS regency_code, CAST(year AS BIGINT) AS year,
               CAST(MAX(labour_force) AS BIGINT) AS labour_force, CAST(MAX(employed) AS BIGINT) AS employed
        FROM den WHERE level = 2 GROUP BY region_code, year
        """,
    ),
    Step(
        "targets_region",
        """
        SELECT region_code, CAST(year AS BIGINT) AS year, MAX(percent) AS target_pct
        FROM tgt WHERE mode = 'percent' GROUP BY region_code, year
        """,
    ),
    Step(
        # Every regency of the data in every month of the data, with or without participants, so a
        # province's denominator is the sum of all its regencies' in every month.
        "regency_months",
        """
        SELECT DISTINCT province_code, regency_code, month FROM cube_regency
        UNION
        SELECT d.province_code, d.regency_code, m.month
        FROM denominators_regency d
        JOIN (SELECT DISTINCT month FROM cube_regency) m ON d.year = CAST(YEAR(m.month) AS BIGINT)
        """,
    ),
    Step(
        "coverage_regency",
        """
        SELECT r.province_code, r.regency_code, r.month,
               CAST(COALESCE(s.bpjs_participants, 0) AS BIGINT) AS bpjs_participants,
               CAST(COALESCE(s.payung_participants, 0) AS BIGINT) AS payung_participants,
               d.labour_force, d.employed
        FROM regency_months r
        LEFT JOIN (
            SELECT regency_code, month,
                   CAST(SUM(bpjs_participants) AS BIGINT) AS bpjs_participants,
                   CAST(SUM(payung_participants) AS BIGINT) AS payung_participants
            FROM cube_regency GROUP BY regency_code, month
        ) s ON s.regency_code = r.regency_code AND s.month = r.month
        LEFT JOIN denominators_regency d
          ON d.regency_code = r.regency_code AND d.year = CAST(YEAR(r.month) AS BIGINT)
        """,
        keep=True,
    ),
    Step(
        "coverage_levels",
        """
        SELECT 'regency' AS level, province_code, regency_code, month, bpjs_participants,
               payung_participants, labour_force, employed FROM coverage_regency
        UNION ALL
        SELECT 'province' AS level, province_code, '' AS regency_code, month,
               CAST(SUM(bpjs_participants) AS BIGINT), CAST(SUM(payung_participants) AS BIGINT),
               CAST(SUM(labour_force) AS BIGINT), CAST(SUM(employed) AS BIGINT)
        FROM coverage_regency GROUP BY province_code, month
        UNION ALL
        SELECT 'nation' AS level, '' AS province_code, '' AS regency_code, month,
               CAST(SUM(bpjs_participants) AS BIGINT), CAST(SUM(payung_participants) AS BIGINT),
               CAST(SUM(labour_force) AS BIGINT), CAST(SUM(employed) AS BIGINT)
        FROM coverage_regency GROUP BY month
        """,
    ),
    Step(
        "coverage",
        f"""
        SELECT c.level, c.province_code, c.regency_code, c.month, c.bpjs_participants,
               c.payung_participants, c.labour_force, c.employed,
               {_pct("c.bpjs_participants", "c.labour_force")} AS coverage_pct,
               {_pct("c.payung_participants", "c.labour_force")} AS payung_pct,
               t.target_pct
        FROM coverage_levels c
        LEFT JOIN targets_region t
          ON t.region_code = (CASE WHEN c.level = 'regency' THEN c.regency_code ELSE c.province_code END)
         AND c.level <> 'nation' AND t.year = CAST(YEAR(c.month) AS BIGINT)
        """,  # noqa: S608 - the text is this module's own
    ),
    Step(
        "double_funding",
        """
        SELECT a.nik_hash, a.programme, a.month,
               a.instance_id AS instance_a, ia.instance_name AS instance_name_a,
               a.funder_type AS funder_type_a, a.funder_region AS funder_region_a,
               a.scheme_id AS scheme_id_a, a.regency_code AS regency_code_a,
               b.instance_id AS instance_b, ib.instance_name AS instance_name_b,
               b.funder_type AS funder_type_b, b.funder_region AS funder_region_b,
               b.scheme_id AS scheme_id_b, b.regency_code AS regency_code_b
        FROM mm a
        JOIN mm b ON b.nik_hash = a.nik_hash AND b.programme = a.programme AND b.month = a.month
                 AND a.instance_id < b.instance_id
        JOIN instances ia ON ia.instance_id = a.instance_id
        JOIN instances ib ON ib.instance_id = b.instance_id
        """,
        keep=True,
    ),
    Step(
        "double_funding_pairs",
        """
        SELECT instance_a, instance_name_a, instance_b, instance_name_b,
               CAST(COUNT(DISTINCT nik_hash) AS BIGINT) AS workers,
               CAST(COUNT(*) AS BIGINT) AS worker_months,
               CAST(COUNT(DISTINCT month) AS BIGINT) AS months,
               MIN(month) AS first_month, MAX(month) AS last_month
        FROM (SELECT DISTINCT instance_a, instance_name_a, instance_b, instance_name_b, nik_hash, month
              FROM double_funding) worker_months
        GROUP BY instance_a, instance_name_a, instance_b, instance_name_b
        """,
    ),
)

# The tables written under --out, each with the order its CSV is written in.
OUTPUTS: dict[str, str] = {
    "cube": "level, province_code, regency_code, month, segment, funder_type",
    "coverage": "level, province_code, regency_code, month",
    "double_funding": "instance_a, instance_b, nik_hash, programme, month",
    "double_funding_pairs": "instance_a, instance_b",
}

SUMMARY_SQL = """
SELECT
  (SELECT CAST(COUNT(*) AS BIGINT) FROM instances) AS instances,
  (SELECT CAST(COUNT(*) AS BIGINT) FROM mm) AS membership_months,
  (SELECT CAST(COUNT(DISTINCT nik_hash) AS BIGINT) FROM mm) AS workers,
  (SELECT CAST(COUNT(DISTINCT nik_hash) AS BIGINT) FROM double_funding) AS double_funded_workers,
  (SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT DISTINCT nik_hash, month FROM double_funding) m)
      AS double_funded_months,
  (SELECT CAST(COUNT(*) AS BIGINT) FROM cube) AS coverage_rows
"""
