"""Flask extensions, created unbound and bound to the app in `create_app`.

The metadata carries a naming convention so that Alembic migrations name
constraints the same way on SQLite and PostgreSQL (batch mode needs names).
"""
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _SQLAlchemy(SQLAlchemy):
    if TYPE_CHECKING:
        #: For the type checker: `db.session` is a scoped_session, which hands every call to the
        #: request's Session, so services typed `Session` take it as one.
        session: Session  # type: ignore[assignment]


db = _SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    Model = Base  #: the declarative base the type checker can see through
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True, compare_type=True)
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
