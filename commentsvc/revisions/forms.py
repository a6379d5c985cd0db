"""Forms of the second round: correcting one clause link, opening the next round."""

from __future__ import annotations

from wtforms import SelectField, SubmitField, ValidationError

from commentsvc.consultations.forms import ConsultationForm
from commentsvc.core.refusals import Form

DROPPED = 0  # the select's value for "đã bỏ" (the old clause has no counterpart)
CHOOSE = "Vui lòng chọn một mục của phiên bản mới hoặc “Đã bỏ”."


class ClauseChoiceField(SelectField):
    """A select of clause ids whose refusals speak Vietnamese (only a tampered form gets them)."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(CHOOSE) from None

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(CHOOSE)


class LinkForm(Form):
    """Which clause of the new version an old clause became; the view gives the choices."""

    new_clause_id = ClauseChoiceField("Mục tương ứng trong phiên bản mới", coerce=int)
    submit = SubmitField("Lưu")

    def __init__(self, choices: list[tuple[int, str]], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.new_clause_id.choices = [(DROPPED, "— Đã bỏ —"), *choices]


class NextRoundForm(ConsultationForm):
    """The consultation form without the round number (it is the previous one + 1) or the groups (same recipients)."""

    round_number = None
    groups = None
    submit = SubmitField("Lưu bản nháp lần lấy ý kiến tiếp theo")

    def settings(self, opens_at) -> dict:
        return self.letter_and_contact() | {
            "title": self.title.data or "",
            "silence_is_agreement": self.silence_is_agreement.data,
            "accepts_late": self.accepts_late.data,
            "reminder_days": self.reminder_days.data or "",
        }
