from django import forms
from django.utils.translation import gettext_lazy as _

from payung.regions.models import Region

from .models import Role
from .roles import roles_assignable_by
from .scope import scope_for
from .users import UserInput


def region_choices(actor) -> list[tuple[str, str]]:
    """The regions offered as tick boxes: the actor's own regions and those one level below."""
    scope = scope_for(actor)
    if scope.everything:
        return []
    own = list(Region.objects.filter(code__in=scope.codes).order_by("code"))
    below = list(Region.objects.filter(parent_id__in=scope.codes).order_by("code"))
    return [(r.code, f"{r.code} {r.name}") for r in sorted(own + below, key=lambda r: r.code)]


class UserForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama depan"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    role = forms.ChoiceField(label=_("Peran"))
    regions = forms.MultipleChoiceField(
        label=_("Wilayah kerja"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_regions = forms.CharField(
        label=_("Kode wilayah lain"),
        required=False,
        max_length=500,
        help_text=_("Kode desa/kelurahan atau kecamatan, dipisah koma, misalnya 13.02.07.2001."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(code, labels[code]) for code in roles_assignable_by(actor)]
        self.fields["regions"].choices = region_choices(actor)
        for name, field in self.fields.items():
            if name != "regions":
                field.widget.attrs["class"] = "form-select" if name == "role" else "form-control"

    def to_input(self) -> UserInput:
        data = self.cleaned_data
        others = [code.strip() for code in data["other_regions"].split(",") if code.strip()]
        return UserInput(
            username=data["username"],
            role=data["role"],
            region_codes=tuple(data["regions"]) + tuple(others),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(
                    "regions" if name == "regions" else name if name in self.fields else None, message
                )


def initial_from_user(user, choices, *, kept=()) -> dict:
    """The form's values for `user`; `kept` are its regions outside the actor's, which the form
    neither shows nor changes (accounts.users.regions_outside)."""
    codes = sorted(set(user.regions.values_list("code", flat=True)) - set(kept))
    offered = {code for code, _label in choices}
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "regions": [c for c in codes if c in offered],
        "other_regions": ", ".join(c for c in codes if c not in offered),
    }


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"class": "form-control"})
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"class": "form-control"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class NewUserForm(UserForm, PasswordForm):
    pass


class ShareOfficerForm(forms.Form):
    """Adds the actor's regions to a BPJS officer who already serves another regency."""

    username = forms.CharField(
        label=_("Nama pengguna petugas BPJS"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    regions = forms.MultipleChoiceField(
        label=_("Wilayah Anda yang dilayaninya"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = region_choices(actor)
