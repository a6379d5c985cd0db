"""Forms of the synthesis pages. Each group's forms carry a prefix, so many can live on one page."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from commentsvc.core.refusals import Form
from commentsvc.synthesis.models import DECISION_LABELS

UNDECIDED = ""


def decision_field() -> RadioField:
    return RadioField(
        "Kết quả xử lý",
        choices=[(UNDECIDED, "Chưa xử lý")] + [(d.value, label) for d, label in DECISION_LABELS.items()],
        default=UNDECIDED,
        validate_choice=True,
    )


class DecideForm(Form):
    decision = decision_field()
    explanation = TextAreaField("Nội dung tiếp thu, giải trình", validators=[Length(max=20_000)])
    note = TextAreaField("Ghi chú nội bộ (không đưa vào bản tổng hợp)", validators=[Length(max=20_000)])
    assignee = SelectField("Người xử lý", coerce=int, default=0)  # choices: the unit's team, 0 for nobody
    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    submit = SubmitField("Lưu")


class RegroupForm(Form):
    threshold = IntegerField(
        "Gộp các ý kiến giống nhau từ (%)",
        validators=[
            InputRequired("Vui lòng nhập ngưỡng từ 0 đến 100."),
            NumberRange(0, 100, "Ngưỡng phải từ 0 đến 100."),
        ],
    )
    submit = SubmitField("Gộp lại ý kiến")


class BulkForm(Form):
    """One action on the groups ticked on the page: give them one answer, or give them to one team member."""

    action = HiddenField()
    decision = decision_field()
    explanation = TextAreaField("Nội dung tiếp thu, giải trình chung", validators=[Length(max=20_000)])
    assignee = SelectField("Giao cho", coerce=int, default=0)


class SplitForm(Form):
    comment_id = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    submit = SubmitField("Tách khỏi nhóm")


class MergeForm(Form):
    other_id = SelectField("Gộp với nhóm", coerce=int)
    submit = SubmitField("Gộp nhóm")


class ReplyUsedForm(Form):
    is_used = HiddenField(validators=[InputRequired()])


class ImportForm(Form):
    file = FileField("Bảng tính xử lý ý kiến (.xlsx)", validators=[FileRequired("Vui lòng chọn tệp.")])
    submit = SubmitField("Xem trước thay đổi")


class PublishForm(Form):
    submit = SubmitField("Phê duyệt và công bố")


class ConfirmForm(Form):
    submit = SubmitField("Xác nhận cập nhật")
