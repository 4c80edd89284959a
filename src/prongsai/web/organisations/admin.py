from django.contrib import admin

from prongsai.web.organisations.models import AuditEntry, Membership, Organisation, OverseerScope, Unit


class UnitInline(admin.TabularInline[Unit, Organisation]):
    model = Unit
    fk_name = "organisation"
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "type", "district", "province", "slug"]
    list_filter = ["type", "province"]
    search_fields = ["name", "slug", "district", "province"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["__str__", "organisation"]
    list_filter = ["organisation__province"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation", "parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "position"]
    list_filter = ["role"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    filter_horizontal = ["units"]


@admin.register(OverseerScope)
class OverseerScopeAdmin(admin.ModelAdmin[OverseerScope]):
    list_display = ["user", "province", "district"]
    autocomplete_fields = ["user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "organisation", "user", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "organisation__name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
