"""API shapes. Workers are serialised from WorkerView (already masked for the user), never from the model."""

from rest_framework import serializers

from payung.lib.money_fields import RupiahSerializerField
from payung.regions.models import Region
from payung.registry.models import Sex


class RegionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "kind_label", "parent", "postal_code"]


class WorkerViewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nik = serializers.CharField(
        help_text="Masked (e.g. 1302********0001) for roles without access to personal data"
    )
    name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    village_code = serializers.CharField()
    village_name = serializers.CharField()
    district_code = serializers.CharField()
    occupation = serializers.CharField()
    dtsen_decile = serializers.IntegerField(allow_null=True)
    monthly_income = serializers.IntegerField(allow_null=True)
    has_disability = serializers.BooleanField()
    phone = serializers.CharField()
    kk_number = serializers.CharField()
    masked = serializers.BooleanField()


class WorkerInputSerializer(serializers.Serializer):
    """Parses types only; the registry service does every domain check."""

    nik = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    village_code = serializers.CharField(max_length=13)
    occupation_code = serializers.CharField(max_length=40)
    occupation_note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    dtsen_decile = serializers.IntegerField(required=False, allow_null=True, default=None)
    monthly_income = RupiahSerializerField(required=False, allow_null=True, default=None)
    has_disability = serializers.BooleanField(required=False, default=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    kk_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
