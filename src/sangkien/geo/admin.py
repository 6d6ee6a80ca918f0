from django.contrib import admin

from sangkien.geo.models import Province, Ward


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin[Province]):
    list_display = ["code", "name", "kind"]
    search_fields = ["name", "name_folded"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin[Ward]):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "name_folded"]
