from django.contrib import admin

from .models import Area, CareerStage, Competency, Indicator, RoleProfile, StageRequirement


class StageRequirementInline(admin.TabularInline):
    model = StageRequirement
    extra = 0
    autocomplete_fields = ("competency",)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


class CompetencyRequirementInline(admin.TabularInline):
    model = StageRequirement
    extra = 0
    fields = ("stage", "target_level", "weight")


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CareerStage)
class CareerStageAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "profile")
    list_display_links = ("name",)
    list_filter = ("profile",)
    inlines = [StageRequirementInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "profile")
    list_display_links = ("name",)
    list_filter = ("profile",)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("name", "area", "assessment", "slug")
    list_filter = ("area", "assessment")
    list_select_related = ("area",)
    search_fields = ("name", "slug", "description")
    inlines = [IndicatorInline, CompetencyRequirementInline]
