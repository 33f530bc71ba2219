"""API shapes of funding schemes and memberships. Input serializers parse types only (the services and
`schemes.validation` do every domain check); output ones describe dicts the views build from what the
user may see (people already masked by the registry's presenter)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from payung.lib.money_fields import RupiahSerializerField
from payung.registry.models import Occupation
from payung.schemes.models import FunderType, MembershipStatus, SchemeStatus, Segment
from payung.schemes.validation import AGE_MAX, ALL_PROGRAMMES, LAPSE_AFTER_MAX, QUOTA_MAX

from .rules import CitationSerializer

YEAR_MIN, YEAR_MAX = 2000, 2100  # as the scheme form
MAX_LIST = 500  # codes in one list field: far more than any scheme names


class SchemeInputSerializer(serializers.Serializer):
    """The terms of a scheme, as the scheme form takes them. Left out: the regulation's default."""

    name = serializers.CharField(max_length=150)
    funder_type = serializers.ChoiceField(choices=FunderType.choices)
    funder_region = serializers.CharField(max_length=13, help_text="Kemendagri code, e.g. 13.02")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    budget = RupiahSerializerField(help_text="integer Rupiah")
    segment = serializers.ChoiceField(choices=Segment.choices, required=False, default=Segment.BPU)
    programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=[(p, p) for p in ALL_PROGRAMMES]),
        max_length=len(ALL_PROGRAMMES),
    )
    first_month = serializers.IntegerField(min_value=1, max_value=12, required=False, default=1)
    months = serializers.IntegerField(min_value=1, max_value=12, required=False, default=12)
    declared_income = RupiahSerializerField(required=False, allow_null=True, default=None)
    quota = serializers.IntegerField(
        min_value=1, max_value=QUOTA_MAX, required=False, allow_null=True, default=None
    )
    per_village_quota = serializers.IntegerField(
        min_value=1, max_value=QUOTA_MAX, required=False, allow_null=True, default=None
    )
    deciles = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=10), required=False, default=list, max_length=10
    )
    occupations = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=MAX_LIST,
        help_text="occupation codes, in priority order",
    )
    areas = serializers.ListField(
        child=serializers.CharField(max_length=13),
        required=False,
        default=list,
        max_length=MAX_LIST,
        help_text="region codes inside the funder region; empty: all of it",
    )
    min_age = serializers.IntegerField(min_value=0, max_value=AGE_MAX, required=False, allow_null=True)
    max_age = serializers.IntegerField(min_value=0, max_value=AGE_MAX, required=False, allow_null=True)
    disability_first = serializers.BooleanField(required=False, default=False)
    lapse_after_months = serializers.IntegerField(
        min_value=1, max_value=LAPSE_AFTER_MAX, required=False, allow_null=True
    )

    def validate_occupations(self, value: list[str]) -> list[str]:
        # The form offers only the known occupations; the same here (in the order given, once each).
        value = list(dict.fromkeys(code.strip() for code in value))
        known = set(Occupation.objects.filter(code__in=value).values_list("code", flat=True))
        unknown = [code for code in value if code not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Kode pekerjaan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown[:5])},
                code="unknown_occupation",
            )
        return value


class FiguresSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    committed = serializers.IntegerField(help_text="planned cost of the members holding their months")
    billed = serializers.IntegerField()
    paid = serializers.IntegerField()
    arrears = serializers.IntegerField(help_text="billed, past due, not paid")
    left = serializers.IntegerField(help_text="budget not yet billed")
    projected = serializers.IntegerField(help_text="billed + the members' cost of the months not yet billed")
    unused = serializers.IntegerField(help_text="budget left at year-end if the projection holds")
    rule_source = serializers.CharField(help_text="the regulations that priced committed and projected")


class SchemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    funder_type = serializers.ChoiceField(choices=FunderType.choices)
    funder_type_label = serializers.CharField()
    funder_region = serializers.CharField()
    funder_region_name = serializers.CharField()
    year = serializers.IntegerField()
    segment = serializers.ChoiceField(choices=Segment.choices)
    programmes = serializers.ListField(child=serializers.CharField())
    first_month = serializers.DateField()
    months = serializers.IntegerField()
    last_month = serializers.DateField()
    budget = serializers.IntegerField()
    declared_income = serializers.IntegerField()
    quota = serializers.IntegerField(allow_null=True)
    per_village_quota = serializers.IntegerField(allow_null=True)
    deciles = serializers.ListField(child=serializers.IntegerField())
    occupations = serializers.ListField(child=serializers.CharField())
    areas = serializers.ListField(child=serializers.CharField())
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField()
    disability_first = serializers.BooleanField()
    lapse_after_months = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SchemeStatus.choices)
    status_label = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    figures = FiguresSerializer()


class SchemeEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField()
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    why = serializers.CharField(allow_blank=True)


class SchemeActionsSerializer(serializers.Serializer):
    can_manage = serializers.BooleanField(help_text="approve, close, save the selection, submit")
    can_propose = serializers.BooleanField(help_text="propose and remove workers of one's own area")
    can_exchange_with_bpjs = serializers.BooleanField(help_text="the registration file, the answer file")
    next_statuses = serializers.ListField(child=serializers.CharField())
    submit_blocked = serializers.CharField(allow_blank=True, help_text="why submitting is not possible yet")
    propose_blocked = serializers.CharField(allow_blank=True, help_text="why proposing is not possible")


class SchemeDetailSerializer(SchemeSerializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="members per status")
    citations = CitationSerializer(many=True)
    events = SchemeEventSerializer(many=True)
    actions = SchemeActionsSerializer()


class ApproveSerializer(serializers.Serializer):
    basis = serializers.CharField(
        max_length=300, help_text="the approval's basis, e.g. the DPA or the regent's decree (SK) number"
    )


class CloseSerializer(serializers.Serializer):
    why = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CandidateSerializer(serializers.Serializer):
    worker_id = serializers.IntegerField()
    nik = serializers.CharField(help_text="masked")
    name = serializers.CharField()
    village = serializers.CharField()
    decile = serializers.IntegerField(allow_null=True)
    disability = serializers.BooleanField()
    occupation = serializers.CharField()
    cost = serializers.IntegerField(help_text="integer Rupiah over the remaining months")
    rule_source = serializers.CharField()
    reason = serializers.CharField(allow_blank=True, help_text="why below the line; empty when selected")


class ConflictSerializer(serializers.Serializer):
    worker_id = serializers.IntegerField()
    nik = serializers.CharField(help_text="masked")
    name = serializers.CharField()
    schemes = serializers.ListField(
        child=serializers.CharField(), help_text="the other schemes covering them"
    )


class SelectionSerializer(serializers.Serializer):
    selected_count = serializers.IntegerField()
    cost = serializers.IntegerField(help_text="of the newly selected workers")
    committed = serializers.IntegerField(help_text="planned cost of the scheme's existing members")
    committed_members = serializers.IntegerField()
    budget = serializers.IntegerField()
    unused = serializers.IntegerField()
    left_out = serializers.IntegerField()
    conflict_count = serializers.IntegerField()
    by_decile = serializers.DictField(child=serializers.IntegerField())
    by_village = serializers.DictField(child=serializers.IntegerField())
    rule_source = serializers.CharField()
    citations = CitationSerializer(many=True)
    selected = CandidateSerializer(many=True, help_text="the first ones, inside the caller's regions")
    below_line = CandidateSerializer(many=True)
    conflicts = ConflictSerializer(many=True)


class SelectionSavedSerializer(serializers.Serializer):
    proposed = serializers.IntegerField()
    skipped_conflicts = serializers.IntegerField(help_text="already covered by another scheme")


class MembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    worker_id = serializers.IntegerField()
    nik = serializers.CharField(help_text="masked")
    name = serializers.CharField()
    village_code = serializers.CharField()
    village_name = serializers.CharField()
    occupation = serializers.CharField()
    programmes = serializers.ListField(child=serializers.CharField())
    start_month = serializers.DateField()
    end_month = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    status_label = serializers.CharField()
    kpj_number = serializers.CharField(allow_blank=True)
    planned_cost = serializers.IntegerField(help_text="integer Rupiah")
    rule_source = serializers.CharField()
    rejection_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ProposeSerializer(serializers.Serializer):
    nik = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    worker_id = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True, default=None
    )
    reason = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="needed when the worker is outside the scheme's criteria",
    )


class SubmittedSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()


class AnswerUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="the branch's answer, XLSX or CSV: NIK and KPJ number or reason")
    dry_run = serializers.BooleanField(required=False, default=False)


class MismatchSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    nik = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()
    severity = serializers.ChoiceField(choices=[("error", "error"), ("warning", "warning")])


class AnswerReportSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    applied = serializers.BooleanField(help_text="false on a dry run or when a mismatch blocks")
    activated = serializers.IntegerField()
    rejected = serializers.IntegerField()
    mismatches = MismatchSerializer(many=True)
