"""Forms of the agency's pages and of the team's paper-reply page."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from commentsvc.core.refusals import Form
from commentsvc.responses.models import ReplyPosition

MAX_COMMENT = 20_000


class CommentForm(Form):
    """A new comment (``clause_id`` empty: a general comment) or an edit (``version`` as shown)."""

    clause_id = HiddenField()
    version = IntegerField(validators=[Optional()])
    text = TextAreaField(
        "Nội dung góp ý",
        validators=[DataRequired("Vui lòng nhập nội dung góp ý."), Length(max=MAX_COMMENT, message="Ý kiến quá dài.")],
    )
    proposed_wording = TextAreaField(
        "Đề xuất sửa thành (không bắt buộc)", validators=[Optional(), Length(max=MAX_COMMENT)]
    )
    submit = SubmitField("Lưu ý kiến")


class DeleteCommentForm(Form):
    version = IntegerField(validators=[InputRequired()])
    submit = SubmitField("Xóa")


POSITION_CHOICES = [(position.value, position.label) for position in ReplyPosition]


class LetterFields(Form):
    """The choice and the official letter, shared by the agency's submission and the team's paper entry."""

    position = RadioField(
        "Ý kiến chung của cơ quan", choices=POSITION_CHOICES, validators=[InputRequired("Vui lòng chọn một ý kiến.")]
    )
    reason = TextAreaField("Lý do không nhất trí", validators=[Optional(), Length(max=MAX_COMMENT)])
    letter_number = StringField(
        "Số văn bản góp ý", validators=[DataRequired("Vui lòng nhập số văn bản."), Length(max=64)]
    )
    letter_date = DateField("Ngày văn bản", validators=[DataRequired("Vui lòng nhập ngày văn bản.")])
    letter_signer = StringField(
        "Người ký văn bản", validators=[DataRequired("Vui lòng nhập người ký."), Length(max=120)]
    )
    attachment = FileField("Văn bản góp ý đính kèm (PDF hoặc DOCX, không bắt buộc)")


class SubmitReplyForm(LetterFields):
    submit = SubmitField("Gửi văn bản góp ý")


class PaperReplyForm(LetterFields):
    """A reply that came on paper or by e-mail, entered by the team on the agency's behalf."""

    recipient_id = SelectField("Cơ quan gửi văn bản", coerce=int, validate_choice=False)
    attachment = FileField("Bản quét hoặc tệp văn bản (PDF, DOCX, JPEG hoặc PNG)")
    received_date = DateField("Ngày nhận văn bản", validators=[DataRequired("Vui lòng nhập ngày nhận.")])
    received_time = TimeField("Giờ nhận", validators=[DataRequired("Vui lòng nhập giờ nhận.")])
    general = TextAreaField("Ý kiến chung (về toàn bộ dự thảo)", validators=[Optional(), Length(max=MAX_COMMENT)])
    pasted = TextAreaField("Hoặc dán nội dung văn bản góp ý", validators=[Optional(), Length(max=10 * MAX_COMMENT)])
    submit = SubmitField("Ghi nhận văn bản góp ý")


class PaperCorrectionForm(PaperReplyForm):
    """A paper reply already recorded, corrected: the agency stays, its comments are edited on the page itself."""

    recipient_id = None
    attachment = FileField("Thay bản quét hoặc tệp văn bản (để trống: giữ tệp đã lưu)")
    general = TextAreaField("Thêm ý kiến chung", validators=[Optional(), Length(max=MAX_COMMENT)])
    pasted = TextAreaField(
        "Hoặc dán thêm nội dung văn bản góp ý", validators=[Optional(), Length(max=10 * MAX_COMMENT)]
    )
    submit = SubmitField("Lưu sửa đổi")


class LetterUploadForm(Form):
    """The team's upload of an agency's reply letter, to be read into comments (paper-reply page)."""

    recipient_id = SelectField("Cơ quan gửi công văn", coerce=int, validate_choice=False)
    letter = FileField("Công văn góp ý (PDF có lớp chữ hoặc Word .docx)")
    submit = SubmitField("Đọc công văn")


class LetterReviewForm(LetterFields):
    """The letter's fields as read, corrected on the review page; the comments are posted as item-N-… fields."""

    received_date = DateField("Ngày nhận văn bản", validators=[DataRequired("Vui lòng nhập ngày nhận.")])
    received_time = TimeField("Giờ nhận", validators=[DataRequired("Vui lòng nhập giờ nhận.")])
    refresh = SubmitField("Cập nhật danh sách ý kiến")
    submit = SubmitField("Ghi nhận văn bản góp ý")


class AgencyLetterForm(LetterFields):
    """The agency's own submission from its signed letter: the letter's fields as read, corrected if need be."""

    submit = SubmitField("Gửi văn bản góp ý kèm công văn này")
