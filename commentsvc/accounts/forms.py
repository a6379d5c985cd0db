from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from commentsvc.accounts import unit_fields
from commentsvc.accounts.models import Role
from commentsvc.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from commentsvc.core.refusals import Form

PASSWORD_RULE = Length(
    min=MIN_LENGTH, max=MAX_LENGTH, message=f"Mật khẩu phải dài từ {MIN_LENGTH} đến {MAX_LENGTH} ký tự."
)


class LoginForm(Form):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=64)])
    # No length rule here: an over-long password gets the same answer as a wrong one.
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")])
    submit = SubmitField("Đăng nhập")


class ChangePasswordForm(Form):
    current_password = PasswordField("Mật khẩu hiện tại", validators=[DataRequired("Vui lòng nhập mật khẩu hiện tại.")])
    new_password = PasswordField(
        "Mật khẩu mới", validators=[DataRequired("Vui lòng nhập mật khẩu mới."), PASSWORD_RULE]
    )
    confirm = PasswordField(
        "Nhập lại mật khẩu mới", validators=[EqualTo("new_password", "Hai mật khẩu mới không giống nhau.")]
    )
    submit = SubmitField("Đổi mật khẩu")


class UserForm(Form):
    username = StringField(
        "Tên đăng nhập",
        validators=[
            DataRequired("Vui lòng nhập tên đăng nhập."),
            Length(max=64),
            Regexp(r"^[A-Za-z0-9._-]+$", message="Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch."),
        ],
    )
    full_name = StringField("Họ và tên", validators=[DataRequired("Vui lòng nhập họ và tên."), Length(max=120)])
    email = EmailField("Thư điện tử", validators=[Optional(), Length(max=255)])
    role = SelectField("Vai trò", choices=[(role.value, role.label) for role in Role])
    drafting_unit_id = SelectField("Đơn vị soạn thảo", coerce=int, validate_choice=False)
    agency_id = SelectField("Cơ quan", coerce=int, validate_choice=False)
    can_submit = BooleanField("Được ký, gửi văn bản góp ý chính thức của cơ quan")
    can_publish = BooleanField("Lãnh đạo đơn vị soạn thảo: được phê duyệt, công bố kết quả tiếp thu, giải trình")
    is_active = BooleanField("Đang hoạt động", default=True)
    password = PasswordField("Mật khẩu ban đầu", validators=[Optional(), PASSWORD_RULE])
    submit = SubmitField("Lưu")


class ResetPasswordForm(Form):
    new_password = PasswordField(
        "Mật khẩu mới", validators=[DataRequired("Vui lòng nhập mật khẩu mới."), PASSWORD_RULE]
    )
    submit = SubmitField("Đặt lại mật khẩu")


def _code_field(label: str, missing: str) -> StringField:
    return StringField(
        label,
        filters=[unit_fields.normalise_code],
        validators=[
            DataRequired(missing),
            Regexp(unit_fields.CODE_PATTERN, message=f"Mã không hợp lệ: {unit_fields.CODE_RULE}."),
        ],
    )


def _text_field(name: str, *, required: str | None = None, lines: bool = False):
    limit = unit_fields.LIMITS[name]
    validators = [DataRequired(required) if required else Optional()]
    validators.append(Length(max=limit, message=f"Tối đa {limit} ký tự."))
    field_class = TextAreaField if lines else StringField
    tidy = unit_fields.normalise_lines if lines else unit_fields.normalise_text
    return field_class(unit_fields.LABELS[name], filters=[tidy], validators=validators)


class DraftingUnitForm(Form):
    """A drafting unit; the same cleaning as the CLI (commentsvc/accounts/unit_fields.py)."""

    code = _code_field(unit_fields.LABELS["code"], "Vui lòng nhập mã đơn vị.")
    name = _text_field("name", required="Vui lòng nhập tên đơn vị.")
    parent_code = _code_field(unit_fields.LABELS["parent_code"], "Vui lòng nhập mã cơ quan chủ quản.")
    parent_name = _text_field("parent_name", required="Vui lòng nhập tên cơ quan chủ quản.")
    place = _text_field("place")
    signer_title = _text_field("signer_title", lines=True)
    signer_name = _text_field("signer_name")
    is_active = BooleanField("Đang hoạt động", default=True)
    submit = SubmitField("Lưu")
