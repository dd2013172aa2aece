from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])
