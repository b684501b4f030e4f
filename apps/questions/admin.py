from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, YAML
from simple_history.admin import SimpleHistoryAdmin

from .forms import ChoiceInlineFormSet, QuestionAdminForm
from .models import SELF_RATING_SCALE, Choice, ProblemReport, Question
from .resources import QuestionResource
from .rules import question_problems
from .services import question_record_revision


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    fields = ("position", "text", "is_correct", "score", "rationale")
    extra = 0
    ordering = ("position",)


@dataclass(frozen=True)
class QuestionAdminExtension:
    """What a higher app adds to the question admin, as it adds its own models to the admin: attempts adds the
    item statistics of the answers it owns. Columns and readonly panels are admin.display callables of a question;
    `annotate` prepares the list's queryset for them."""

    columns: tuple[Callable, ...] = ()
    filters: tuple[type[admin.SimpleListFilter], ...] = ()
    panels: tuple[tuple[str, tuple[Callable, ...]], ...] = ()  # (fieldset title, readonly callables)
    annotate: Callable[[QuerySet], QuerySet] | None = None


_extensions: list[QuestionAdminExtension] = []


def question_admin_extend(extension: QuestionAdminExtension) -> None:
    _extensions.append(extension)


@admin.register(Question)
class QuestionAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    form = QuestionAdminForm
    resource_classes = [QuestionResource]
    formats = [CSV, JSON, YAML]
    inlines = [ChoiceInline]
    list_display = ("slug", "competency", "kind", "difficulty", "stage", "status", "version", "option_count")
    list_filter = ("status", "kind", "difficulty", "competency__area", "competency", "stage")
    search_fields = ("slug", "stem", "explanation")
    list_select_related = ("competency", "stage")
    readonly_fields = ("version", "created_at", "updated_at")
    actions = ["publish", "unpublish"]
    change_form_template = "admin/questions/question/change_form.html"
    object_history_template = "admin/questions/question/object_history.html"
    fieldsets = (
        (None, {"fields": ("slug", "competency", "stage", "kind", "difficulty", "status")}),
        ("Question", {"fields": ("stem", "explanation", "references")}),
        ("Open answers", {"fields": ("model_answer", "key_points"), "classes": ("collapse",)}),
        ("Revision", {"fields": ("version", "created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).annotate(option_total=Count("choices"))
        for extension in _extensions:
            queryset = extension.annotate(queryset) if extension.annotate else queryset
        return queryset

    def get_list_display(self, request: HttpRequest):
        return (*super().get_list_display(request), *(c for e in _extensions for c in e.columns))

    def get_list_filter(self, request: HttpRequest):
        return (*super().get_list_filter(request), *(f for e in _extensions for f in e.filters))

    def get_fieldsets(self, request: HttpRequest, obj=None):
        panels = [(title, {"fields": fields}) for e in _extensions for title, fields in e.panels]
        return (*super().get_fieldsets(request, obj), *panels)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        panels = (field for e in _extensions for _, fields in e.panels for field in fields)
        return (*super().get_readonly_fields(request, obj), *panels)

    @admin.display(description="options", ordering="option_total")
    def option_count(self, question: Question) -> int:
        return question.option_total

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        question_record_revision(question=form.instance, reason="Edited in the admin")

    @admin.action(description="Publish the selected questions")
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        published, refused = 0, []
        for question in queryset.prefetch_related("choices"):
            problems = question_problems(question, status=Question.Status.PUBLISHED)
            if problems:
                refused.append(f"{question.slug}: {' '.join(problems)}")
                continue
            with transaction.atomic():
                question.status = Question.Status.PUBLISHED
                question._change_reason = "Published"
                question.save(update_fields=["status", "updated_at"])
            published += 1
        if published:
            self.message_user(request, f"Published {published} question(s).", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not published, {line}", messages.ERROR)

    @admin.action(description="Unpublish the selected questions (back to draft)")
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for question in queryset.filter(status=Question.Status.PUBLISHED):
            question.status = Question.Status.DRAFT
            question._change_reason = "Unpublished"
            question.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(request, f"Moved {count} question(s) back to draft.", messages.SUCCESS)

    def history_view(self, request, object_id, extra_context=None):
        # Options have their own history; show it beside the question's so one page answers "who changed what".
        option_changes = Choice.history.filter(question_id=object_id).select_related("history_user")
        extra = {"option_changes": option_changes.order_by("-history_date")[:200]}
        return super().history_view(request, object_id, extra_context={**(extra_context or {}), **extra})

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("<int:pk>/preview/", preview, name="questions_question_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = get_object_or_404(
            Question.objects.select_related("competency", "stage").prefetch_related("choices"), pk=pk
        )
        if not self.has_view_or_change_permission(request, question):
            return HttpResponse(status=403)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": question,
            "question": question,
            "title": f"Preview: {question.slug}",
            "problems": question_problems(question, status=Question.Status.PUBLISHED),
            "scale": SELF_RATING_SCALE.items(),
        }
        return TemplateResponse(request, "admin/questions/question/preview.html", context)


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ("question", "question_version", "short_text", "reporter", "created_at", "resolved")
    list_filter = ("resolved", "question__competency")
    list_editable = ("resolved",)
    search_fields = ("text", "question__slug", "question__stem")
    list_select_related = ("question", "reporter")
    readonly_fields = ("question", "question_version", "reporter", "text", "created_at")

    @admin.display(description="report")
    def short_text(self, report: ProblemReport) -> str:
        return report.text if len(report.text) <= 90 else report.text[:89] + "…"
