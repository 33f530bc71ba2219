"""The documents checklist is data an admin corrects (superusers only, like the whole Django admin)."""

from django.contrib import admin

from .models import DocumentRequirement


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ("kind", "position", "label", "source", "confidence", "active")
    list_filter = ("kind", "confidence", "active")
    list_editable = ("label", "source", "confidence", "active")
