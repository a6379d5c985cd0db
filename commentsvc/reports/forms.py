"""The team's and the agencies' forms for report requests (WTForms, CSRF on every one)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations.forms import CheckboxesField, VnDateField, VnIntegerField, VnTimeField
from commentsvc.core.deadlines import deadline_from_local
from commentsvc.core.refusals import Form
from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row
from commentsvc.reports.periods import KIND_LABELS, Period

GROUP_CHOICES = [("", "Mọi cơ quan nhận yêu cầu")] + [
    (group.value, group.label) for group in AgencyGroup if group is not AgencyGroup.OTHER
]
RECIPIENT_GROUPS = [(group.value, group.label) for group in AgencyGroup if group is not AgencyGroup.OTHER]
TYPE_WORDS = {
    "số nguyên": ColumnType.INTEGER,
    "số": ColumnType.INTEGER,
    "số thập phân": ColumnType.DECIMAL,
    "thập phân": ColumnType.DECIMAL,
    "%": ColumnType.PERCENT,
    "tỷ lệ": ColumnType.PERCENT,
    "ngày": ColumnType.DATE,
    "có/không": ColumnType.YES_NO,
    "danh sách": ColumnType.CHOICE,
    "chữ": ColumnType.TEXT,
    "văn bản": ColumnType.TEXT,
}
MAX_ROWS_ON_PAGE = 1000


class RequestForm(Form):
    title = StringField("Tên yêu cầu báo cáo", validators=[DataRequired("Vui lòng nhập tên."), Length(max=500)])
    period_kind = SelectField("Kỳ báo cáo", choices=list(KIND_LABELS.items()))
    period_year = VnIntegerField("Năm", validators=[Optional(), NumberRange(2000, 2100, "Năm từ 2000 đến 2100.")])
    period_number = VnIntegerField("Tháng / quý / 6 tháng (1 hoặc 2)", validators=[Optional()])
    period_start = VnDateField("Từ ngày (khoảng thời gian)", validators=[Optional()])
    period_end = VnDateField("Đến ngày", validators=[Optional()])
    deadline_date = VnDateField("Gửi báo cáo trước ngày", validators=[InputRequired("Vui lòng nhập hạn gửi báo cáo.")])
    deadline_time = VnTimeField("Giờ (không bắt buộc)", validators=[Optional()])
    letter_number = StringField("Số văn bản yêu cầu", validators=[Optional(), Length(max=64)])
    letter_date = VnDateField("Ngày văn bản", validators=[Optional()])
    contact_name = StringField("Người liên hệ", validators=[Optional(), Length(max=120)])
    contact_phone = StringField("Điện thoại", validators=[Optional(), Length(max=32)])
    contact_email = EmailField(
        "Thư điện tử", validators=[Optional(), Email("Địa chỉ thư không hợp lệ."), Length(max=255)]
    )
    accepts_late = BooleanField("Nhận báo cáo gửi sau hạn (đánh dấu quá hạn)", default=True)
    groups = CheckboxesField("Gửi tới", choices=RECIPIENT_GROUPS)
    submit = SubmitField("Lưu bản nháp")

    def period(self) -> Period:
        try:
            return Period(
                self.period_kind.data,
                self.period_year.data,
                self.period_number.data or 1,
                self.period_start.data,
                self.period_end.data,
            )
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def validate_period_kind(self, field) -> None:
        self.period()

    @property
    def deadline_at(self):
        return deadline_from_local(self.deadline_date.data, self.deadline_time.data)

    def details(self) -> dict:
        return {
            name: getattr(self, name).data or ("" if name != "letter_date" else None)
            for name in ("letter_number", "letter_date", "contact_name", "contact_phone", "contact_email")
        } | {"accepts_late": self.accepts_late.data}


class BuildForm(Form):
    """A form built on the page: one row label a line; one column a line as "Tên cột | kiểu | lựa chọn; lựa chọn"."""

    code = StringField("Số biểu mẫu", validators=[DataRequired("Vui lòng nhập số biểu mẫu."), Length(max=16)])
    title = StringField("Tên biểu mẫu", validators=[DataRequired("Vui lòng nhập tên biểu mẫu."), Length(max=500)])
    agency_group = SelectField("Cơ quan điền biểu mẫu", choices=GROUP_CHOICES)
    kind = SelectField("Loại", choices=[("indicators", "Bảng chỉ tiêu"), ("tasks", "Danh sách nhiệm vụ")])
    rows = TextAreaField("Các dòng chỉ tiêu (mỗi dòng một chỉ tiêu)", validators=[Optional(), Length(max=200_000)])
    columns = TextAreaField(
        "Các cột số liệu (mỗi dòng: Tên cột | kiểu | lựa chọn 1; lựa chọn 2)",
        validators=[Optional(), Length(max=20_000)],
    )
    submit = SubmitField("Thêm biểu mẫu")

    def layout(self) -> FormLayout:
        if self.kind.data == "tasks":
            return FormLayout()
        rows = [line.strip() for line in (self.rows.data or "").splitlines() if line.strip()]
        if len(rows) > MAX_ROWS_ON_PAGE:
            raise ValidationError(f"Tối đa {MAX_ROWS_ON_PAGE} dòng chỉ tiêu.")
        columns = [_column(number, line) for number, line in enumerate(_lines(self.columns.data), start=1)]
        return FormLayout(tuple(columns), tuple(Row(f"r{n}", label[:500]) for n, label in enumerate(rows, start=1)))

    def group(self) -> AgencyGroup | None:
        return AgencyGroup(self.agency_group.data) if self.agency_group.data else None


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _column(number: int, line: str) -> Column:
    label, _, rest = (part.strip() for part in line.partition("|"))
    type_word, _, choices = (part.strip() for part in rest.partition("|"))
    kind = TYPE_WORDS.get(type_word.casefold()) if type_word else ColumnType.TEXT
    if kind is None:
        raise ValidationError(f"Cột “{label}”: kiểu “{type_word}” không rõ; dùng: " + ", ".join(TYPE_WORDS) + ".")
    options = tuple(choice.strip() for choice in choices.split(";") if choice.strip())
    if kind is ColumnType.CHOICE and not options:
        raise ValidationError(f"Cột “{label}”: kiểu danh sách cần các lựa chọn, cách nhau bởi dấu chấm phẩy.")
    return Column(f"c{number}", label[:200], kind, options)


class TemplateForm(Form):
    """A template of one form per sheet: number and title typed here, or read from each sheet ("Biểu mẫu 01: …")."""

    # Ids of their own: the form built on the same page has fields of the same names, each label names its own field.
    code = StringField("Số biểu mẫu", validators=[Optional(), Length(max=16)], id="template-code")
    title = StringField("Tên biểu mẫu", validators=[Optional(), Length(max=500)], id="template-title")
    agency_group = SelectField("Cơ quan điền biểu mẫu", choices=GROUP_CHOICES, id="template-agency-group")
    sheet = StringField("Chỉ đọc trang tính", validators=[Optional(), Length(max=100)])
    file = FileField("Tệp mẫu Excel (.xlsx)")
    submit = SubmitField("Đọc mẫu và thêm biểu mẫu")


class LayoutEditForm(Form):
    """One change of one row or column of a form: the fields a change does not use are left empty."""

    label = StringField("Tên", validators=[Optional(), Length(max=500)])
    type = SelectField("Kiểu", choices=[(kind.value, kind.label) for kind in ColumnType], validate_choice=False)
    choices = StringField("Lựa chọn (cách nhau bởi dấu chấm phẩy)", validators=[Optional(), Length(max=5000)])
    position = VnIntegerField("Vị trí", validators=[Optional()])
    submit = SubmitField("Lưu")


class UploadForm(Form):
    file = FileField("Tệp Excel (.xlsx)")
    submit = SubmitField("Tải lên")


class ActionForm(Form):
    submit = SubmitField("Xác nhận")


class DeadlineForm(Form):
    deadline_date = VnDateField("Hạn mới: trước ngày", validators=[InputRequired("Vui lòng nhập hạn mới.")])
    deadline_time = VnTimeField("Giờ (không bắt buộc)", validators=[Optional()])
    submit = SubmitField("Gia hạn")

    @property
    def deadline_at(self):
        return deadline_from_local(self.deadline_date.data, self.deadline_time.data)


class LetterForm(Form):
    """The covering letter (công văn) an agency submits its report with."""

    letter_number = StringField(
        "Số văn bản báo cáo", validators=[DataRequired("Vui lòng nhập số văn bản."), Length(max=64)]
    )
    letter_date = VnDateField("Ngày văn bản", validators=[DataRequired("Vui lòng nhập ngày văn bản.")])
    letter_signer = StringField("Người ký", validators=[DataRequired("Vui lòng nhập người ký."), Length(max=120)])
    attachment = FileField("Văn bản báo cáo đính kèm (PDF có chữ ký số hoặc DOCX, không bắt buộc)")
    submit = SubmitField("Gửi báo cáo")
