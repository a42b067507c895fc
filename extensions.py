"""Flask extensions, created unbound so that nothing needs to import the app."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))

# The base class of every model. `db.Model` is made at run time, so a type checker cannot
# see it; under mypy it is Flask-SQLAlchemy's declared Model class instead.
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from flask_sqlalchemy.model import Model as _DeclaredModel
    from sqlalchemy import Table

    class Model(_DeclaredModel):
        __table__: ClassVar[Table]

        def __init__(self, **values: Any) -> None: ...

else:
    Model = db.Model
migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
