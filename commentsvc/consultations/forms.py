"""The drafting team's forms: the consultation's settings, its recipients, extensions, reopening."""

from __future__ import annotations

from datetime import time

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TimeField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import rules
from commentsvc.consultations.models import DocumentKind
from commentsvc.core import clock
from commentsvc.core.errors import UserError
from commentsvc.core.refusals import Form

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the browser's date picker, or typed by hand
GROUP_CHOICES = [(group.value, group.label) for group in AgencyGroup if group is not AgencyGroup.OTHER]


class VnDateField(DateField):
    """A date typed as 09/03/2021 or picked in the browser, with a Vietnamese error."""

    def __init__(self, label, **kwargs) -> None:
        super().__init__(label, format=DATE_FORMATS, **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Ngày không hợp lệ (ví dụ: 09/03/2021).") from None


class VnTimeField(TimeField):
    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Giờ không hợp lệ (ví dụ: 17:00).") from None


class VnIntegerField(IntegerField):
    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Vui lòng nhập một số nguyên.") from None


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DeadlineMixin:
    """ "Nhận ý kiến trước ngày D" + an optional time; see rules.deadline_from_local for what is stored."""

    deadline_date = VnDateField("Nhận ý kiến trước ngày", validators=[InputRequired("Vui lòng nhập hạn nhận ý kiến.")])
    deadline_time = VnTimeField("Giờ (không bắt buộc)", validators=[Optional()])

    @property
    def deadline_at(self):
        return rules.deadline_from_local(self.deadline_date.data, self.deadline_time.data)

    def fill_deadline(self, deadline_at) -> None:
        self.deadline_date.data, self.deadline_time.data = rules.local_deadline_fields(deadline_at)


class LetterContactForm(Form):
    """What may still change after sending: the request letter and the contact person."""

    letter_number = StringField("Số văn bản xin ý kiến", validators=[Optional(), Length(max=64)])
    letter_date = VnDateField("Ngày văn bản", validators=[Optional()])
    letter_signer = StringField("Người ký văn bản", validators=[Optional(), Length(max=120)])
    contact_name = StringField("Người liên hệ", validators=[Optional(), Length(max=120)])
    contact_phone = StringField(
        "Điện thoại",
        validators=[
            Optional(),
            Length(max=32),
            Regexp(r"^[0-9 +().-]+$", message="Số điện thoại chỉ gồm chữ số, dấu cách, dấu +, -, (, )."),
        ],
    )
    contact_email = EmailField(
        "Thư điện tử",
        validators=[
            Optional(),
            Length(max=255),
            Email("Địa chỉ thư điện tử không hợp lệ.", check_deliverability=False),
        ],
    )
    submit = SubmitField("Lưu")

    def letter_and_contact(self) -> dict:
        texts = ("letter_number", "letter_signer", "contact_name", "contact_phone", "contact_email")
        return {"letter_date": self.letter_date.data} | {name: getattr(self, name).data or "" for name in texts}


class ConsultationForm(DeadlineMixin, LetterContactForm):
    """Every setting, while the consultation is a draft (not sent yet)."""

    draft_version_id = SelectField("Phiên bản dự thảo", coerce=int, validate_choice=False)
    title = StringField("Tên đợt lấy ý kiến", validators=[Optional(), Length(max=500)])
    round_number = VnIntegerField(
        "Lần lấy ý kiến",
        default=1,
        validators=[InputRequired("Vui lòng nhập lần lấy ý kiến."), NumberRange(1, 99, "Lần lấy ý kiến từ 1 đến 99.")],
    )
    opens_date = VnDateField("Bắt đầu nhận ý kiến từ ngày", validators=[Optional()])
    opens_time = VnTimeField("Giờ bắt đầu", validators=[Optional()])
    silence_is_agreement = BooleanField(
        "Cơ quan không trả lời đúng hạn được hiểu là nhất trí với dự thảo", default=True
    )
    accepts_late = BooleanField("Nhận ý kiến gửi sau hạn (đánh dấu gửi muộn)", default=True)
    reminder_days = StringField(
        "Nhắc trước hạn (số ngày, cách nhau bởi dấu phẩy)",
        default="3,1",
        validators=[
            Optional(),
            Length(max=32),
            Regexp(r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$", message="Ví dụ: 3,1 (nhắc trước hạn 3 ngày và 1 ngày)."),
        ],
    )
    groups = CheckboxesField("Gửi cả nhóm cơ quan", choices=GROUP_CHOICES, validate_choice=False)
    recipient_list = SelectField("Hoặc gửi theo danh sách đã lưu", coerce=int, default=0, validate_choice=False)
    submit = SubmitField("Lưu bản nháp")

    def settings(self, opens_at) -> dict:
        """The keyword arguments of operations.create/update_consultation (the version is resolved by the view)."""
        return self.letter_and_contact() | {
            "title": self.title.data or "",
            "round_number": self.round_number.data,
            "opens_at": opens_at,
            "deadline_at": self.deadline_at,
            "silence_is_agreement": self.silence_is_agreement.data,
            "accepts_late": self.accepts_late.data,
            "reminder_days": self.reminder_days.data or "",
        }

    def opens_at(self, now):
        """The opening time typed, or ``now`` when left empty."""
        if self.opens_date.data is None:
            return now
        return clock.local_to_utc(self.opens_date.data, self.opens_time.data or time(0, 0))

    def fill_opens(self, opens_at) -> None:
        local = clock.to_local(opens_at)
        self.opens_date.data, self.opens_time.data = local.date(), local.time().replace(second=0, microsecond=0)


def _at_least_one_group(_form, field) -> None:
    # A plain function, not DataRequired: that would mark every checkbox "required" in the HTML.
    if not field.data:
        raise ValidationError("Vui lòng chọn ít nhất một nhóm.")


class GroupsForm(Form):
    groups = CheckboxesField(
        "Nhóm cơ quan",
        choices=GROUP_CHOICES,
        validate_choice=False,
        validators=[_at_least_one_group],
    )
    submit = SubmitField("Thêm các nhóm đã chọn")


class AgenciesForm(Form):
    """The picker: agencies ticked one by one, and groups ticked whole ("chọn cả nhóm")."""

    agency_ids = SelectMultipleField("Cơ quan", coerce=int, validate_choice=False)
    whole_group = CheckboxesField("Chọn cả nhóm", choices=GROUP_CHOICES, validate_choice=False)
    submit = SubmitField("Thêm các cơ quan đã chọn")


class SaveListForm(Form):
    list_name = StringField(
        "Tên danh sách", validators=[InputRequired("Vui lòng đặt tên cho danh sách."), Length(max=200)]
    )
    submit = SubmitField("Lưu danh sách")


class FromListForm(Form):
    list_id = SelectField("Danh sách đã lưu", coerce=int, validate_choice=False)
    submit = SubmitField("Thêm các cơ quan trong danh sách")


class ExtendForm(DeadlineMixin, Form):
    submit = SubmitField("Gia hạn")


class ReopenForm(Form):
    deadline_date = VnDateField("Hạn mới: nhận ý kiến trước ngày", validators=[Optional()])
    deadline_time = VnTimeField("Giờ (không bắt buộc)", validators=[Optional()])
    submit = SubmitField("Mở lại")

    @property
    def deadline_at(self):
        if self.deadline_date.data is None:
            return None
        return rules.deadline_from_local(self.deadline_date.data, self.deadline_time.data)


class ActionForm(Form):
    """A button that only carries the CSRF token (open, close, remove)."""

    submit = SubmitField("Xác nhận")


class CloseForm(Form):
    """Closing: sent from its confirmation page, which sets ``confirmed``; without it the page is shown first."""

    confirmed = HiddenField(default="")
    submit = SubmitField("Xác nhận kết thúc")


def selected_groups(values: list[str]) -> list[AgencyGroup]:
    """The groups ticked; a value that is not a group is a tampered form."""
    try:
        return [AgencyGroup(value) for value in values or []]
    except ValueError:
        raise UserError("Nhóm cơ quan không hợp lệ.") from None


DOCUMENT_KIND_CHOICES = [(kind.value, kind.label) for kind in DocumentKind]


class DocumentForm(Form):
    """A document sent with the draft: its kind, an optional title, the file (PDF or .docx)."""

    kind = SelectField("Loại tài liệu", choices=DOCUMENT_KIND_CHOICES, default=DocumentKind.SUBMISSION.value)
    title = StringField("Tên tài liệu (không bắt buộc)", validators=[Optional(), Length(max=255)])
    file = FileField("Tệp (PDF hoặc Word .docx)", validators=[FileRequired("Vui lòng chọn tệp.")])
    submit = SubmitField("Đính kèm")
