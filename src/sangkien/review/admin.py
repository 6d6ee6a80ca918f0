from django.contrib import admin

from sangkien.review.models import Call, Criterion, ExpertRelation


class CriterionInline(admin.TabularInline[Criterion, Call]):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ["code", "title", "unit", "state", "reviews_due"]
    list_filter = ["state", "unit"]
    search_fields = ["code", "title"]
    readonly_fields = ["state", "created_by", "created_at"]
    inlines = [CriterionInline]


@admin.register(ExpertRelation)
class ExpertRelationAdmin(admin.ModelAdmin[ExpertRelation]):
    list_display = ["expert", "person_name", "kind"]
    search_fields = ["person_name"]
