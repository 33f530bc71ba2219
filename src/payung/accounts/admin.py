from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from payung.audit.models import Action, Source

from .models import User
from .users import user_audit_change, user_snapshot


def _superusers_only(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


# The Django admin is for superusers only; regency admins manage their users on the users screen.
admin.site.has_permission = _superusers_only


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Payung", {"fields": ("role", "regions")}))
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, ("Payung", {"fields": ("role", "regions")}))
    autocomplete_fields = ("regions",)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: the trail keeps who did what, and a user who acted cannot be deleted.
        return False

    def save_model(self, request, obj, form, change):
        # The regions are saved after this (save_related); the change is audited there.
        request._payung_user_before = user_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_audit_change(
            actor=request.user,
            user=form.instance,
            old=getattr(request, "_payung_user_before", {}),
            source=Source.WEB,
            action=Action.UPDATE if change else Action.CREATE,
        )
