"""Item statistics beside each question in the question admin (attempts owns the answers they come from, so it
plugs them into the questions app's admin), and the sessions."""

from collections import Counter

from django.contrib import admin
from django.db.models import Count, F, Q, QuerySet
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime

from apps.questions.admin import QuestionAdminExtension, question_admin_extend
from apps.questions.models import Question

from .models import Answer, ItemStatistics, QuizSession

FLAG_MIN_ATTEMPTS = 20
TOO_EASY, TOO_HARD = 0.95, 0.20
NOTHING = "\u2013"  # an en dash, as tables show "no value"


def _shown(value: float | None, template: str) -> str:
    return NOTHING if value is None else template.format(value)


def _statistic(question: Question, name: str) -> float | None:
    return getattr(getattr(question, "statistics", None), name, None)


def item_flags(statistics: ItemStatistics | None) -> list[str]:
    """What an author should look at: items that strong candidates fail more than weak ones, or that nearly
    everyone (or nearly no one) gets right. Only once enough answers make it more than noise."""
    if statistics is None or statistics.attempts < FLAG_MIN_ATTEMPTS:
        return []
    flags = []
    if statistics.discrimination is not None and statistics.discrimination < 0:
        flags.append("negative discrimination")
    if statistics.facility is not None and statistics.facility > TOO_EASY:
        flags.append("almost everyone right")
    if statistics.facility is not None and statistics.facility < TOO_HARD:
        flags.append("almost everyone wrong")
    return flags


class FlaggedFilter(admin.SimpleListFilter):
    title = "item statistics"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged for review"), ("no", "Not flagged")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        flagged = Q(statistics__attempts__gte=FLAG_MIN_ATTEMPTS) & (
            Q(statistics__discrimination__lt=0)
            | Q(statistics__facility__gt=TOO_EASY)
            | Q(statistics__facility__lt=TOO_HARD)
        )
        if self.value() == "yes":
            return queryset.filter(flagged)
        if self.value() == "no":
            return queryset.exclude(flagged)
        return queryset


# --- columns and a panel the question admin shows, plugged in below ---------------------------------------------


@admin.display(description="attempts", ordering=F("statistics__attempts").desc(nulls_last=True))
def attempts(question: Question) -> int:
    return _statistic(question, "attempts") or 0


@admin.display(description="facility", ordering=F("statistics__facility").asc(nulls_last=True))
def facility(question: Question) -> str:
    return _shown(_statistic(question, "facility"), "{:.0%}")


@admin.display(description="discrimination", ordering=F("statistics__discrimination").asc(nulls_last=True))
def discrimination(question: Question) -> str:
    return _shown(_statistic(question, "discrimination"), "{:+.2f}")


@admin.display(description="mean time", ordering=F("statistics__mean_seconds").asc(nulls_last=True))
def mean_time(question: Question) -> str:
    return _shown(_statistic(question, "mean_seconds"), "{:.0f} s")


@admin.display(description="open reports", ordering="open_report_count")
def open_reports(question: Question) -> int:
    return question.open_report_count


@admin.display(description="flags")
def flags(question: Question) -> str:
    return ", ".join(item_flags(getattr(question, "statistics", None)))


@admin.display(description="from the answers")
def statistics_panel(question: Question) -> str:
    statistics = ItemStatistics.objects.filter(question=question).first()
    summary = (
        _statistics_table(question, statistics)
        if statistics
        else "No statistics yet: recalibrate_items rebuilds them nightly from the first answers."
    )
    return format_html(
        "{}{}", summary, _option_table(question)
    )  # the options are counted live from the answers


def _statistics_table(question: Question, statistics: ItemStatistics) -> str:
    return format_html(
        "<table><tbody>"
        "<tr><th scope='row'>Attempts</th><td>{}</td></tr>"
        "<tr><th scope='row'>Facility (mean score)</th><td>{}</td></tr>"
        "<tr><th scope='row'>Discrimination (point-biserial with ability)</th><td>{}</td></tr>"
        "<tr><th scope='row'>Mean time</th><td>{}</td></tr>"
        "<tr><th scope='row'>Calibrated difficulty</th><td>{}</td></tr>"
        "<tr><th scope='row'>Flags</th><td>{}</td></tr>"
        "<tr><th scope='row'>As of</th><td>{} (rebuilt nightly by <code>recalibrate_items</code>)</td></tr>"
        "</tbody></table>",
        statistics.attempts,
        _shown(statistics.facility, "{:.0%}"),
        _shown(statistics.discrimination, "{:+.2f}"),
        _shown(statistics.mean_seconds, "{:.0f} s"),
        "not yet (authored difficulty stands)" if question.irt_b is None else f"{question.irt_b:+.2f}",
        ", ".join(item_flags(statistics) or ["none"]),
        date_format(localtime(statistics.updated_at), "DATETIME_FORMAT"),
    )


def _with_statistics(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("statistics").annotate(
        open_report_count=Count("reports", filter=Q(reports__resolved=False), distinct=True)
    )


def _option_table(question: Question) -> str:
    """Distractor analysis: how often each option was chosen, counted per option (candidates see their own orders,
    so a position means nothing across candidates), in the author's order."""
    if not question.has_choices:
        return ""
    picks = Counter(
        choice_id for selected in Answer.objects.filter(question=question).values_list("selected", flat=True)
        for choice_id in selected
    )  # fmt: skip
    rows = format_html_join(
        "",
        "<tr><th scope='row'>{}. {}</th><td>{}</td><td>{}</td></tr>",
        ((c.position, Truncator(c.text).chars(80), _key_of(c), picks[c.pk]) for c in question.choices.all()),
    )
    return format_html(
        "<table><caption>Chosen, per option</caption><thead><tr><th scope='col'>Option</th><th scope='col'>Key</th>"
        "<th scope='col'>Times chosen</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )


def _key_of(choice) -> str:
    if choice.score is not None:
        return f"scores {choice.score:.0%}"
    return "correct" if choice.is_correct else "wrong"


question_admin_extend(
    QuestionAdminExtension(
        columns=(attempts, facility, discrimination, mean_time, open_reports, flags),
        filters=(FlaggedFilter,),
        panels=(("Item statistics", (statistics_panel,)),),
        annotate=_with_statistics,
    )
)


@admin.register(QuizSession)
class QuizSessionAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "mode", "scope", "started_at", "answered_count", "question_count", "ending")
    list_filter = ("mode", "ending")
    search_fields = ("user__username",)
    list_select_related = ("user",)
    readonly_fields = [field.name for field in QuizSession._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
