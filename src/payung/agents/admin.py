from django.contrib import admin

from .models import CommissionRule, HostShareRule, InactivityRule


class _RuleAdmin(admin.ModelAdmin):
    """Versions are added, never changed or deleted: a statement already issued cites them."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommissionRule)
class CommissionRuleAdmin(_RuleAdmin):
    list_display = (
        "effective_from",
        "rate_percent",
        "bonus_amount",
        "bonus_min_new_participants",
        "confidence",
    )


@admin.register(InactivityRule)
class InactivityRuleAdmin(_RuleAdmin):
    list_display = ("effective_from", "drop_after_months", "rejoin_after_months", "confidence")


@admin.register(HostShareRule)
class HostShareRuleAdmin(_RuleAdmin):
    list_display = ("effective_from", "share_percent", "confidence")
