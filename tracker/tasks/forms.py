from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from .labels import STATE


class TaskFilterForm(FlaskForm):
    """The task list filters; read from the query string, so no CSRF (it changes nothing)."""

    class Meta:
        csrf = False

    #: Free text resolved against the directory, so "Sở TT&TT" works as well as the full name.
    agency = StringField(_l("Cơ quan"), validators=[Optional()])
    state = SelectField(_l("Trạng thái"), validators=[Optional()],
                        choices=[("", _l("Tất cả"))] + [(s.value, label) for s, label in STATE.items()])
    due_from = StringField(_l("Hạn từ ngày"), validators=[Optional()])
    due_to = StringField(_l("đến ngày"), validators=[Optional()])
    document = StringField(_l("Số văn bản"), validators=[Optional()])


class ProgressForm(FlaskForm):
    note = TextAreaField(_l("Nội dung báo cáo"), validators=[Optional()])
    percent = IntegerField(_l("Tỷ lệ hoàn thành (%)"), validators=[Optional(), NumberRange(0, 100)])
    attachment = FileField(_l("Tệp đính kèm"))
