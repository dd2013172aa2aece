"""The extractor's lexicon for this deployment: national names plus the office's directory."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency
from .extraction.lexicon import Lexicon, builtin_directory_rows


def lexicon_for(session: Session) -> Lexicon:
    """National names, then the directory's names and short names (the directory wins).

    Without a usable database (a fresh checkout running `documents extract`), the shipped
    Hà Nội directory stands in for it.
    """
    try:
        agencies = session.scalars(select(Agency).options(selectinload(Agency.aliases))).all()
        rows = [(a.name, a.short_names) for a in agencies]
    except SQLAlchemyError:
        session.rollback()
        rows = []
    return Lexicon.national().with_directory(rows or builtin_directory_rows())
