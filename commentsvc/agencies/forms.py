from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from commentsvc.agencies.directory import SHORT_NAME_MAX
from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.refusals import Form


class AgencyForm(Form):
    code = StringField(
        "Mã cơ quan",
        validators=[
            DataRequired("Vui lòng nhập mã cơ quan."),
            Regexp(
                r"^[A-Z0-9][A-Z0-9_-]{0,31}$",
                message="Mã gồm chữ in hoa không dấu, số, dấu gạch (tối đa 32 ký tự).",
            ),
        ],
    )
    name = StringField("Tên đầy đủ", validators=[DataRequired("Vui lòng nhập tên cơ quan."), Length(max=255)])
    short_name = StringField("Tên ngắn", validators=[Optional(), Length(max=SHORT_NAME_MAX)])
    group = SelectField("Nhóm", choices=[(group.value, group.label) for group in AgencyGroup])
    email = EmailField("Thư điện tử đầu mối", validators=[Optional(), Length(max=255)])
    is_active = BooleanField("Đang hoạt động", default=True)
    submit = SubmitField("Lưu")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Left empty, the short name is the full name, which must then fit the short name's column. (Not a
        # validate_short_name: Optional() stops the field's chain before it when the field is empty.)
        if not (self.short_name.data or "").strip() and len((self.name.data or "").strip()) > SHORT_NAME_MAX:
            self.short_name.errors = [f"Tên đầy đủ dài hơn {SHORT_NAME_MAX} ký tự: vui lòng nhập tên ngắn."]
            return False
        return valid


class DirectoryImportForm(Form):
    file = FileField("Tệp danh mục (CSV, UTF-8)", validators=[FileRequired("Vui lòng chọn tệp.")])
    submit = SubmitField("Nhập danh mục")
