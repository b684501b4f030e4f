"""Forms that check what a candidate sends before any service sees it: bad input changes nothing."""

from django import forms
from django.utils.crypto import salted_hmac

from apps.competencies.models import Area, CareerStage, Competency
from apps.questions.models import SELF_RATING_SCALE, Choice, Question

from .models import Answer, QuizSession, SessionQuestion
from .services import MAX_COUNT, SessionSpec, Submission


def option_token(slot: SessionQuestion, choice: Choice) -> str:
    """What the form sends for an option: it names the option for this session's question only, and reveals
    neither the author's order nor which option is right (option ids grow in the author's order)."""
    return salted_hmac("rungs.attempts.option", f"{slot.pk}:{choice.pk}", algorithm="sha256").hexdigest()[:16]


class AnswerForm(forms.Form):
    """The fields depend on the kind of question. Options are sent as tokens of this slot (`option_token`), in
    the order this candidate sees them: an option of another question, or a position, is not a valid choice."""

    confidence = forms.ChoiceField(
        choices=Answer.Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how sure you are: it is how Rungs learns what you really know."},
    )

    def __init__(self, *args, slot: SessionQuestion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question = question = slot.question
        # (token, option) in the order shown, for the template and for turning tokens back into options.
        self.options = [(option_token(slot, choice), choice) for choice in slot.displayed_choices()]
        tokens = [(token, choice.text) for token, choice in self.options]
        match question.kind:
            case Question.Kind.MULTIPLE:
                self.fields["choice"] = forms.MultipleChoiceField(
                    choices=tokens, error_messages={"required": "Tick at least one option."}
                )
            case Question.Kind.SINGLE | Question.Kind.TRUE_FALSE | Question.Kind.JUDGEMENT:
                self.fields["choice"] = forms.ChoiceField(
                    choices=tokens, error_messages={"required": "Pick an option."}
                )
            case Question.Kind.OPEN:
                self.fields["text"] = forms.CharField(
                    max_length=10_000, strip=True, error_messages={"required": "Write your answer first."}
                )
            case Question.Kind.SELF_RATING:
                self.fields["rating"] = forms.TypedChoiceField(
                    choices=[(str(level), label) for level, label in SELF_RATING_SCALE.items()],
                    coerce=int,
                    error_messages={"required": "Pick the level that fits you best."},
                )
                del self.fields["confidence"]  # rating yourself is already a statement of confidence

    def clean_choice(self) -> str | list[str]:
        # A radio button sends one value; several would otherwise be read as "the last one wins".
        if self.question.kind != Question.Kind.MULTIPLE and len(self.data.getlist("choice")) > 1:
            raise forms.ValidationError("Pick one option only.")
        return self.cleaned_data["choice"]

    def submission(self) -> Submission:
        data = self.cleaned_data
        choice = data.get("choice") or []
        chosen = set(choice) if isinstance(choice, list) else {choice}
        return Submission(
            selected={option.pk for token, option in self.options if token in chosen},
            text=data.get("text", ""),
            self_rating=data.get("rating"),
            confidence=data.get("confidence", ""),
        )


class GradeForm(forms.Form):
    """Which key points of the model answer the candidate's open answer covered."""

    covered = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, key_points: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covered"].choices = [(index, point) for index, point in enumerate(key_points)]


class StartForm(forms.Form):
    mode = forms.ChoiceField(choices=QuizSession.Mode.choices, initial=QuizSession.Mode.PRACTICE)
    scope = forms.ChoiceField(
        # Review picks its own questions and a plan is started from the plan itself.
        choices=[
            (s.value, s.label)
            for s in QuizSession.Scope
            if s not in (QuizSession.Scope.DUE, QuizSession.Scope.PLAN)
        ],
        initial=QuizSession.Scope.STAGE,
        required=False,
    )
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.measured(), to_field_name="slug", required=False
    )
    area = forms.ModelChoiceField(queryset=Area.objects.all(), to_field_name="slug", required=False)
    count = forms.IntegerField(min_value=1, max_value=MAX_COUNT, required=False, label="Questions")
    minutes = forms.IntegerField(min_value=1, max_value=180, required=False, label="Minutes (mock interview)")

    def __init__(self, *args, target: CareerStage | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean(self) -> dict:
        data = super().clean()
        mode, scope = data.get("mode"), data.get("scope") or QuizSession.Scope.STAGE
        if mode == QuizSession.Mode.REVIEW:
            data["scope"] = QuizSession.Scope.DUE
            return data
        if mode in (QuizSession.Mode.MOCK, QuizSession.Mode.ADAPTIVE):
            scope = data["scope"] = QuizSession.Scope.STAGE  # both cover the whole target stage
        if scope == QuizSession.Scope.COMPETENCY and not data.get("competency"):
            self.add_error("competency", "Choose the competency to practise.")
        if scope == QuizSession.Scope.AREA and not data.get("area"):
            self.add_error("area", "Choose the area to practise.")
        if scope == QuizSession.Scope.STAGE and self.target is None:
            raise forms.ValidationError("Choose your target career stage first: it decides what to practise.")
        data["scope"] = scope
        return data

    def session_spec(self) -> SessionSpec:
        data = self.cleaned_data
        scope = data["scope"]
        return SessionSpec(
            mode=data["mode"],
            scope=scope,
            competency=data.get("competency") if scope == QuizSession.Scope.COMPETENCY else None,
            area=data.get("area") if scope == QuizSession.Scope.AREA else None,
            stage=self.target if scope == QuizSession.Scope.STAGE else None,
            count=data.get("count"),
            minutes=data.get("minutes"),
        )


class TargetForm(forms.Form):
    stage = forms.ModelChoiceField(
        queryset=CareerStage.objects.all(),
        to_field_name="slug",
        empty_label=None,
        label="Target career stage",
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label="What is wrong with this question?",
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example: the marked answer is wrong, an option is ambiguous, a reference is outdated.",
    )
