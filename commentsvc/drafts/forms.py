from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from commentsvc.core.refusals import Form
from commentsvc.drafts.model import KINDS
from commentsvc.drafts.models import DraftKind

# What each kind of unit is called on screen (the splitter's kinds are English identifiers).
UNIT_KIND_LABELS = {
    "annex": "Phụ lục, văn bản kèm theo",
    "form": "Mẫu, biểu mẫu",
    "part": "Phần",
    "chapter": "Chương",
    "section": "Mục",
    "subsection": "Tiểu mục",
    "article": "Điều",
    "clause": "Khoản",
    "point": "Điểm",
    "heading": "Đề mục (I, II…)",
    "item": "Mục đánh số (1.1…)",
    "bullet": "Gạch đầu dòng",
    "table_row": "Dòng của bảng",
    "preamble": "Phần mở đầu",
    "paragraph": "Đoạn văn",
    "closing": "Đoạn kết của khoản, điều (sau các điểm)",
}
assert set(UNIT_KIND_LABELS) == set(KINDS), "every unit kind needs a Vietnamese name"

FILE_HINT = "Tệp Word (.docx) hoặc văn bản thuần (.md, .txt) mã hóa Unicode."


def _file_field() -> FileField:
    return FileField("Tệp dự thảo", validators=[FileRequired("Vui lòng chọn tệp dự thảo.")])


TITLE_MAX = 500


class NewDraftForm(Form):
    title = StringField(
        "Tên dự thảo",
        validators=[DataRequired("Vui lòng nhập tên dự thảo."), Length(max=TITLE_MAX, message="Tên quá dài.")],
    )
    kind = SelectField("Loại văn bản", choices=[(kind.value, kind.label) for kind in DraftKind])
    file = _file_field()
    submit = SubmitField("Tải lên và xem trước")


class FileForm(Form):
    """A new version of an existing draft, or a fixed file replacing the one in the preview."""

    file = _file_field()
    submit = SubmitField("Tải lên")


class ConfirmForm(Form):
    """Accept, discard, merge: a button and the CSRF token."""


class SplitOffForm(Form):
    paragraph = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class ChangeKindForm(Form):
    kind = SelectField("Loại", choices=list(UNIT_KIND_LABELS.items()))
    label = StringField("Số hiệu", validators=[Optional(), Length(max=16)])
