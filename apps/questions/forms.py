from django import forms
from django.core.exceptions import ValidationError

from .models import Question
from .rules import question_problems


class LinesField(forms.CharField):
    """A list of short texts edited as one line each: friendlier for authors than raw JSON."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionAdminForm(forms.ModelForm):
    key_points = LinesField(required=False, help_text="Open answers only. One key point per line.")
    references = LinesField(
        required=False, help_text="One per line: a standard, or a documentation page and section."
    )

    class Meta:
        model = Question
        fields = (
            "slug", "competency", "stage", "kind", "difficulty", "status",
            "stem", "explanation", "references", "model_answer", "key_points",
        )  # fmt: skip


class ChoiceInlineFormSet(forms.BaseInlineFormSet):
    """Checks the question together with its options, so an invalid question cannot be published."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        question = self.instance  # already carries the question form's cleaned values
        choices = [
            {
                "text": form.cleaned_data.get("text", ""),
                "correct": form.cleaned_data.get("is_correct", False),
                "score": form.cleaned_data.get("score"),
                "rationale": form.cleaned_data.get("rationale", ""),
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = question_problems(question, choices=choices)
        if problems:
            raise ValidationError(["This question cannot be published yet:", *problems])
