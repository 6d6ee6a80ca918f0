from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import (
    ExpertProfile,
    Membership,
    Organisation,
    ProcessingUnit,
    RoleGrant,
    UnitOfficer,
    User,
)


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "province", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_active", "role_grants__role"]
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "province", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    autocomplete_fields = ["province"]


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "province", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class UnitOfficerInline(admin.TabularInline[UnitOfficer, ProcessingUnit]):
    model = UnitOfficer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ProcessingUnit)
class ProcessingUnitAdmin(admin.ModelAdmin[ProcessingUnit]):
    list_display = ["name", "code", "level"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    filter_horizontal = ["territory"]
    inlines = [UnitOfficerInline]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin[ExpertProfile]):
    list_display = ["user", "country", "affiliation", "available"]
    list_filter = ["country", "available"]
    search_fields = ["user__email", "user__full_name", "affiliation"]
    autocomplete_fields = ["user"]
