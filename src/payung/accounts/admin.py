from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Payung", {"fields": ("role", "regions")}))
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, ("Payung", {"fields": ("role", "regions")}))
    autocomplete_fields = ("regions",)
