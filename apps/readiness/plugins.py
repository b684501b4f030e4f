"""Where a higher app plugs into the readiness page, so that readiness never names its URLs: attempts adds the
buttons that start practice (registered from AttemptsConfig.ready()). A page without them, such as the mentor's
read-only view, simply shows none."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PracticeActions:
    """Templates the readiness page includes: `competency` beside each competency to practise next (with
    `competency` and `label` in its context), `stage` under the list, `choose_target` when no target is set."""

    competency: str
    stage: str
    choose_target: str


_practice_actions: list[PracticeActions] = []


def practice_actions_register(actions: PracticeActions) -> None:
    _practice_actions[:] = [actions]  # one provider: a second registration replaces the first


def practice_actions() -> PracticeActions | None:
    return _practice_actions[0] if _practice_actions else None
