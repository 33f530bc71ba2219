"""REST API v1, the rules (read only): the rule table with every version's source and confidence, and the
contribution and benefit calculators the screens offer.

The same pieces as the screens: the book in force (`current_rulebook`, shipped rules plus admin-added
versions), the rule table's rows (`tariffs.selectors.rule_table`), the screens' forms to read the input
(so the same bad input gets the same refusal) and the calculators' engine calls
(`tariffs.selectors.contribution_plan`, `benefit_result`). Every amount carries the `rule_source` of the
regulations that priced it. Open to every token, as the screens are to every user.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from payung.lib import dates
from payung.rules import FunderType, Month, Programme, RuleError, Sector, Segment, minimum_income_basis
from payung.tariffs.forms import BenefitForm, ContributionForm
from payung.tariffs.presenters import benefit_json, component_label, error_text, plan_json
from payung.tariffs.selectors import benefit_result, contribution_plan, rule_table
from payung.tariffs.services import current_rulebook

from .errors import error_body

CONFIDENCES = ["C", "S", "U"]
BENEFIT_KINDS = [value for value, _label in BenefitForm.base_fields["kind"].choices]
JHT_REASONS = [value for value, _label in BenefitForm.base_fields["jht_reason"].choices if value]

# ---------------------------------------------------------------- shapes


class CitationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    effective_from = serializers.DateField()
    source = serializers.CharField()
    confidence = serializers.ChoiceField(
        choices=CONFIDENCES, help_text="C confirmed, S single source, U uncertain"
    )


class RuleVersionSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True, help_text="null: still in force")
    in_force = serializers.BooleanField(help_text="in force today")
    value = serializers.JSONField(
        help_text="rates as decimal text of a fraction ('0.0024' = 0,24 %), amounts in whole Rupiah, "
        "tables as objects"
    )
    value_text = serializers.CharField(help_text="the value as the rule table writes it")
    source = serializers.CharField(help_text="the regulation")
    confidence = serializers.ChoiceField(choices=CONFIDENCES)
    confidence_label = serializers.CharField()
    explanation = serializers.CharField(help_text="why a doubtful figure is in doubt, in plain words")
    added_by = serializers.CharField(
        allow_null=True, help_text="the national admin who added it; null: shipped"
    )
    added_at = serializers.DateTimeField(allow_null=True)


class RuleSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    monthly = serializers.BooleanField(help_text="changes only on the first day of a month")
    versions = RuleVersionSerializer(many=True, help_text="newest first")


class RuleTableSerializer(serializers.Serializer):
    apbdes_excluded_from_discount = serializers.BooleanField(
        help_text="whether APBDes-funded members are treated like APBD (no PP 50/2025 discount)"
    )
    rules = RuleSerializer(many=True)


class ContributionLineSerializer(serializers.Serializer):
    programme = serializers.ChoiceField(choices=[p.value for p in Programme])
    amount = serializers.IntegerField(help_text="Rupiah, all workers over all months")
    rate = serializers.CharField(
        allow_null=True, help_text="a fraction as decimal text; null for a flat amount"
    )
    basis = serializers.IntegerField(allow_null=True, help_text="Rupiah the rate applies to")
    discount = serializers.IntegerField()
    discount_rate = serializers.CharField(allow_null=True)
    normal_amount = serializers.IntegerField()
    employer_amount = serializers.IntegerField()
    worker_amount = serializers.IntegerField()
    government_amount = serializers.IntegerField()
    source = serializers.CharField()
    rule_source = serializers.CharField(help_text="the regulations that priced this line")
    confidence = serializers.ChoiceField(choices=CONFIDENCES)
    remarks = serializers.ListField(child=serializers.CharField())
    citations = CitationSerializer(many=True)


class MonthCostSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    per_worker = serializers.IntegerField(help_text="Rupiah")
    total = serializers.IntegerField(help_text="Rupiah, all workers")
    rule_source = serializers.CharField()


class ContributionPlanSerializer(serializers.Serializer):
    segment = serializers.CharField()
    month = serializers.CharField(help_text="the first contribution month, YYYY-MM")
    income = serializers.IntegerField(help_text="Rupiah")
    funder_type = serializers.CharField()
    sector = serializers.CharField()
    risk_class = serializers.IntegerField(allow_null=True)
    workers = serializers.IntegerField()
    months = serializers.IntegerField()
    total = serializers.IntegerField(help_text="Rupiah, all workers over all months")
    discount_total = serializers.IntegerField()
    employer_total = serializers.IntegerField()
    worker_total = serializers.IntegerField()
    confidence = serializers.ChoiceField(choices=CONFIDENCES, help_text="the least sure of the lines")
    rule_source = serializers.CharField(help_text="every regulation that priced the plan")
    lines = ContributionLineSerializer(many=True)
    per_month = MonthCostSerializer(many=True)


class BenefitLineSerializer(serializers.Serializer):
    component = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.IntegerField(help_text="Rupiah")
    basis = serializers.IntegerField(allow_null=True)
    factor = serializers.CharField(allow_null=True)
    source = serializers.CharField()
    rule_source = serializers.CharField()
    confidence = serializers.ChoiceField(choices=CONFIDENCES)
    remarks = serializers.ListField(child=serializers.CharField())
    citations = CitationSerializer(many=True)


class BenefitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BENEFIT_KINDS)
    event_date = serializers.DateField()
    payable_from = serializers.DateField(allow_null=True)
    total = serializers.IntegerField(help_text="Rupiah")
    confidence = serializers.ChoiceField(choices=CONFIDENCES)
    rule_source = serializers.CharField()
    lines = BenefitLineSerializer(many=True)


# ---------------------------------------------------------------- reading


def _json_value(value):
    """A rule's value as JSON: Decimals as exact text, tables as objects, enums as their codes."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (tuple, list)):
        return [_json_value(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_json_value(item) for item in value)
    if dataclasses.is_dataclass(value):
        return {f.name: _json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _sources(texts) -> str:
    """Several lines' sources ("A; B") as one, each regulation once, in order."""
    return "; ".join(dict.fromkeys(part for text in texts for part in text.split("; ") if part))


def _form_refusal(form) -> Response:
    """The screen's form refusal in the API's shape: each field's problems with their codes."""
    fields, general = {}, []
    for name, errors in form.errors.as_data().items():
        problems = [
            {"code": error.code or "invalid", "message": " ".join(error.messages)} for error in errors
        ]
        if name == "__all__":
            general += [problem["message"] for problem in problems]
        else:
            fields[name] = problems
    message = general[0] if general else _("Periksa isian yang ditandai.")
    return Response(error_body("invalid", message, fields), status=status.HTTP_400_BAD_REQUEST)


def _engine_refusal(error: RuleError) -> Response:
    """What the engine cannot price (JP for BPU, a rule not yet in force), in the screen's words."""
    return Response(error_body("invalid", error_text(error)), status=status.HTTP_400_BAD_REQUEST)


# ---------------------------------------------------------------- operations

RULE_EXAMPLE = {
    "key": "bpu.jkm.amount",
    "title": "BPU: iuran JKM per bulan",
    "kind": "amount",
    "monthly": True,
    "versions": [
        {
            "effective_from": "2015-07-01",
            "effective_to": None,
            "in_force": True,
            "value": 6800,
            "value_text": "Rp6.800",
            "source": "PP 44/2015 Pasal 18",
            "confidence": "C",
            "confidence_label": "pasti",
            "explanation": "",
            "added_by": None,
            "added_at": None,
        }
    ],
}
CITATION_EXAMPLE = {
    "rule": "bpu.jkm.amount",
    "effective_from": "2015-07-01",
    "source": "PP 44/2015 Pasal 18",
    "confidence": "C",
}


@extend_schema(
    summary="Tabel aturan iuran dan manfaat / The contribution and benefit rule table",
    description=(
        "Setiap aturan dengan semua versinya (terbaru dulu): berlaku mulai dan sampai, nilai, dasar hukum, "
        "tingkat keyakinan (C pasti, S satu sumber, U belum pasti) dan penjelasannya; versi yang ditambahkan "
        "admin nasional menyebut siapa dan kapan. Hanya baca. / Every rule with all its versions (newest "
        "first): in force from and to, value, legal source, confidence (C confirmed, S single source, U "
        "uncertain) and why; versions a national admin added say who and when. Read only."
    ),
    parameters=[
        OpenApiParameter(
            "rule", str, description="only this rule, by its key, e.g. bpu.jkm.amount (404 if unknown)"
        )
    ],
    responses=RuleTableSerializer,
    examples=[
        OpenApiExample(
            "Satu aturan / One rule",
            value={"apbdes_excluded_from_discount": False, "rules": [RULE_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_rules_retrieve",
)
@api_view(["GET"])
def rule_list(request):
    book = current_rulebook()
    wanted = request.query_params.get("rule", "")
    rules = []
    for rule in rule_table(book, today=dates.today()):
        if wanted and rule["key"] != wanted:
            continue
        versions = []
        for row in rule["rows"]:
            version, added = row["version"], row["added"]
            versions.append(
                {
                    "effective_from": version.effective_from,
                    "effective_to": version.effective_to,
                    "in_force": row["in_force"],
                    "value": _json_value(version.value),
                    "value_text": row["value"],
                    "source": version.source,
                    "confidence": version.confidence.value,
                    "confidence_label": str(row["confidence_label"]),
                    "explanation": row["explanation"],
                    "added_by": added.created_by.get_username() if added else None,
                    "added_at": added.created_at if added else None,
                }
            )
        spec = rule["spec"]
        rules.append(
            {
                "key": rule["key"],
                "title": rule["title"],
                "kind": spec.kind.value,
                "monthly": spec.monthly,
                "versions": versions,
            }
        )
    if wanted and not rules:
        raise NotFound
    body = {"apbdes_excluded_from_discount": book.apbdes_excluded_from_discount, "rules": rules}
    return Response(RuleTableSerializer(body).data)


@extend_schema(
    summary="Kalkulator iuran / The contribution calculator",
    description=(
        "Iuran satu paket untuk sejumlah pekerja dan bulan, dihitung mesin aturan seperti layar Kalkulator: "
        "per program dengan tarif, dasar, potongan (PP 50/2025) dan bagian pemberi kerja/pekerja, setiap "
        "jumlah dengan `rule_source`. Isian yang kosong memakai bawaan layar (BPU JKK+JKM, dasar penghasilan "
        "terendah, APBD, bulan ini, 1 pekerja, 12 bulan); isian yang salah ditolak seperti di layar. / A "
        "package's contributions for some workers and months, priced by the rule engine as on the calculator "
        "screen: per programme with rate, basis, discount (PP 50/2025) and employer/worker shares, every "
        "amount with its `rule_source`. Missing parameters take the screen's defaults (BPU JKK+JKM, the lowest "
        "income basis, APBD, this month, 1 worker, 12 months); bad ones are refused as on the screen."
    ),
    parameters=[
        OpenApiParameter("segment", str, enum=[s.value for s in Segment]),
        OpenApiParameter(
            "programmes",
            str,
            many=True,
            enum=[p.value for p in Programme],
            explode=True,
            description="repeat",
        ),
        OpenApiParameter("income", str, description="Rupiah a month: 1500000, 1.500.000 or Rp 1.500.000,-"),
        OpenApiParameter("month", str, description="the first contribution month, YYYY-MM"),
        OpenApiParameter("funder_type", str, enum=[f.value for f in FunderType]),
        OpenApiParameter("sector", str, enum=[s.value for s in Sector]),
        OpenApiParameter("risk_class", int, enum=[1, 2, 3, 4, 5], description="JKK risk class, PU only"),
        OpenApiParameter("workers", int, description="1 to 10.000.000"),
        OpenApiParameter("months", int, description="1 to 120"),
    ],
    responses=ContributionPlanSerializer,
    examples=[
        OpenApiExample(
            "BPU JKM, satu pekerja, sebulan / BPU JKM, one worker, one month",
            value={
                "segment": "BPU",
                "month": "2026-01",
                "income": 1000000,
                "funder_type": "APBD",
                "sector": "lainnya",
                "risk_class": None,
                "workers": 1,
                "months": 1,
                "total": 6800,
                "discount_total": 0,
                "employer_total": 0,
                "worker_total": 6800,
                "confidence": "C",
                "rule_source": "PP 44/2015 Pasal 18",
                "lines": [
                    {
                        "programme": "JKM",
                        "amount": 6800,
                        "rate": None,
                        "basis": None,
                        "discount": 0,
                        "discount_rate": "0",
                        "normal_amount": 6800,
                        "employer_amount": 0,
                        "worker_amount": 6800,
                        "government_amount": 0,
                        "source": "PP 44/2015 Pasal 18",
                        "rule_source": "PP 44/2015 Pasal 18",
                        "confidence": "C",
                        "remarks": [],
                        "citations": [CITATION_EXAMPLE],
                    }
                ],
                "per_month": [
                    {
                        "month": "2026-01",
                        "per_worker": 6800,
                        "total": 6800,
                        "rule_source": "PP 44/2015 Pasal 18",
                    }
                ],
            },
            response_only=True,
        )
    ],
    operation_id="v1_calculators_contribution_retrieve",
)
@api_view(["GET"])
def contribution_calculator(request):
    book = current_rulebook()
    this_month = Month.of(dates.today())
    # The screen's defaults for what is not given; the rest is the screen's form, refusals included.
    data = request.query_params.copy()
    defaults = {
        "segment": Segment.BPU.value,
        "income": str(minimum_income_basis(this_month, rulebook=book)),
        "month": str(this_month),
        "funder_type": FunderType.APBD.value,
        "sector": Sector.LAINNYA.value,
        "workers": "1",
        "months": "12",
    }
    for name, value in defaults.items():
        if name not in data:
            data[name] = value
    if "programmes" not in data:
        data.setlist("programmes", [Programme.JKK.value, Programme.JKM.value])
    form = ContributionForm(data)
    if not form.is_valid():
        return _form_refusal(form)
    try:
        plan = contribution_plan(form.cleaned_data, book=book)
    except RuleError as error:
        return _engine_refusal(error)
    body = plan_json(plan)
    for line in body["lines"]:
        line.pop("note", None)  # the engine's English notes for developers; `remarks` say it for readers
        line["rule_source"] = _sources([line["source"]])
    body["rule_source"] = _sources(line["source"] for line in body["lines"])
    body["per_month"] = [
        {**row, "rule_source": _sources(line.source for line in month.breakdown.lines)}
        for row, month in zip(body["per_month"], plan.months, strict=True)
    ]
    return Response(ContributionPlanSerializer(body).data)


@extend_schema(
    summary="Kalkulator manfaat / The benefit calculator",
    description=(
        "Yang dibayar BPJS Ketenagakerjaan atas satu klaim (JKM, JKK, beasiswa, JHT), per komponen, "
        "dihitung mesin aturan seperti layar Kalkulator manfaat, setiap jumlah dengan `rule_source`. Isian "
        "yang diperlukan tergantung jenisnya; yang kurang ditolak seperti di layar. / What BPJS "
        "Ketenagakerjaan pays on one claim (JKM, JKK, scholarship, JHT), per component, priced by the rule "
        "engine as on the benefit calculator screen, every amount with its `rule_source`. What is needed "
        "depends on the kind; what is missing is refused as on the screen."
    ),
    parameters=[
        OpenApiParameter("kind", str, enum=BENEFIT_KINDS, required=True),
        OpenApiParameter("event_date", OpenApiTypes.DATE, description="default today"),
        OpenApiParameter("wage", str, description="Rupiah a month"),
        OpenApiParameter("contribution_months", int),
        OpenApiParameter("children", str, description="school levels, eldest first: TK/SD, SMP, SMA, PT"),
        OpenApiParameter("incapacity_months", int),
        OpenApiParameter("disability_percent", str, description="from the table, above 0 to 100"),
        OpenApiParameter("jht_balance", str, description="Rupiah"),
        OpenApiParameter("jht_reason", str, enum=JHT_REASONS),
    ],
    responses=BenefitSerializer,
    examples=[
        OpenApiExample(
            "JKM: meninggal / JKM: death",
            value={
                "kind": "jkm_death",
                "event_date": "2026-01-10",
                "payable_from": None,
                "total": 42000000,
                "confidence": "C",
                "rule_source": "PP 82/2019 Pasal 34",
                "lines": [
                    {
                        "component": "lump_sum",
                        "label": "Santunan sekaligus",
                        "amount": 20000000,
                        "basis": None,
                        "factor": None,
                        "source": "PP 82/2019 Pasal 34",
                        "rule_source": "PP 82/2019 Pasal 34",
                        "confidence": "C",
                        "remarks": [],
                        "citations": [
                            {
                                "rule": "jkm.lump_sum",
                                "effective_from": "2019-12-02",
                                "source": "PP 82/2019 Pasal 34",
                                "confidence": "C",
                            }
                        ],
                    }
                ],
            },
            response_only=True,
        )
    ],
    operation_id="v1_calculators_benefit_retrieve",
)
@api_view(["GET"])
def benefit_calculator(request):
    book = current_rulebook()
    data = request.query_params.copy()
    if "event_date" not in data:
        data["event_date"] = dates.today().isoformat()
    form = BenefitForm(data)
    if not form.is_valid():
        return _form_refusal(form)
    try:
        result = benefit_result(form.cleaned_data, book=book)
    except RuleError as error:
        return _engine_refusal(error)
    body = benefit_json(result)
    for line in body["lines"]:
        line.pop("note", None)
        line["label"] = component_label(line["component"], result.kind.value)
        line["rule_source"] = _sources([line["source"]])
    body["rule_source"] = _sources(line["source"] for line in body["lines"])
    return Response(BenefitSerializer(body).data)
