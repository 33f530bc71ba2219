from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Read-only: regions come from the decree through `payung load_regions`, never typed by hand."""

    list_display = ("code", "name", "kind", "level")
    list_filter = ("level", "kind")
    search_fields = ("code", "search_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
