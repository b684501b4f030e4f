"""Import and export of questions from the admin (CSV, JSON, YAML), lossless in both directions.

A row is a question; its options travel as one JSON column, so that every format holds the whole question.
"""

import json
from decimal import Decimal, InvalidOperation

from import_export import fields, resources, widgets

from apps.competencies.models import CareerStage, Competency

from .models import Question
from .rules import question_problems
from .services import question_record_revision, question_replace_choices

CHOICE_KEYS = {"text", "correct", "score", "rationale"}


class JSONListWidget(widgets.Widget):
    """A list stored as JSON text; strict, because a silently mangled list would lose an author's work."""

    def clean(self, value, row=None, **kwargs) -> list:
        if value in (None, ""):
            return []
        if isinstance(value, list):  # YAML and JSON imports arrive already parsed
            return value
        try:
            parsed = json.loads(value)
        except (TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"must be a JSON list ({error})") from None
        if not isinstance(parsed, list):
            raise ValueError("must be a JSON list")
        return parsed

    def render(self, value, obj=None, **kwargs) -> str:
        return json.dumps(value or [], ensure_ascii=False)


class QuestionResource(resources.ModelResource):
    competency = fields.Field(
        attribute="competency", column_name="competency", widget=widgets.ForeignKeyWidget(Competency, "slug")
    )
    stage = fields.Field(
        attribute="stage", column_name="stage", widget=widgets.ForeignKeyWidget(CareerStage, "slug")
    )
    key_points = fields.Field(attribute="key_points", column_name="key_points", widget=JSONListWidget())
    references = fields.Field(attribute="references", column_name="references", widget=JSONListWidget())
    # Options are written to the database after the question row, in after_save_instance.
    choices = fields.Field(attribute="pending_choices", column_name="choices", widget=JSONListWidget())

    class Meta:
        model = Question
        import_id_fields = ("slug",)
        fields = (
            "slug", "competency", "kind", "difficulty", "stage", "status",
            "stem", "explanation", "model_answer", "key_points", "references", "choices",
        )  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = False

    def get_queryset(self):
        return super().get_queryset().select_related("competency", "stage").prefetch_related("choices")

    def dehydrate_choices(self, question: Question) -> str:
        return json.dumps(
            [
                {
                    "text": choice.text,
                    "correct": choice.is_correct,
                    "score": None if choice.score is None else str(choice.score),
                    "rationale": choice.rationale,
                }
                for choice in question.choices.all()
            ],
            ensure_ascii=False,
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            choices = _parse_choices(getattr(instance, "pending_choices", []))
        except ValueError as error:
            errors["choices"] = [str(error)]
        else:
            instance.parsed_choices = choices
            problems = question_problems(instance, choices=choices)
            if problems:
                errors["status"] = problems
        super().validate_instance(instance, errors or None, validate_unique)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        instance._change_reason = "Imported in the admin"

    def after_save_instance(self, instance, row, **kwargs) -> None:
        question_replace_choices(question=instance, choices=instance.parsed_choices)
        question_record_revision(question=instance, reason="Imported in the admin")


def _parse_choices(raw: list) -> list[dict]:
    choices = []
    for position, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not set(item) <= CHOICE_KEYS or "text" not in item:
            raise ValueError(f"option {position} must be an object with text, correct, score and rationale")
        try:
            score = None if item.get("score") in (None, "") else Decimal(str(item["score"]))
        except InvalidOperation:
            raise ValueError(f"option {position}: score {item['score']!r} is not a number") from None
        if score is not None and not 0 <= score <= 1:
            raise ValueError(f"option {position}: score must be from 0 to 1")
        choices.append(
            {
                "text": str(item["text"]),
                "correct": item.get("correct") in (True, "true", "True", 1),
                "score": score,
                "rationale": str(item.get("rationale") or ""),
            }
        )
    return choices


__all__ = ["QuestionResource"]
