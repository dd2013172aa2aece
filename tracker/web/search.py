"""Search that ranks: tasks, documents and agencies by whole words and "quoted phrases", typed
with or without diacritics ("so y te" finds "Sở Y tế"; "te" alone no longer finds every
address), within what the user may see, with true totals and pages.

Matching is on the diacritic-free search key, word by word (a word matches a whole word, so
"te" is not part of "tiem"); ranking puts an exact task code first, then tasks whose wording
contains the query as typed (diacritics too), then the whole phrase, then the rest by deadline.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import Agency, AgencyAlias
from ..core.text import search_key
from ..documents.models import Document, DocumentStatus
from ..extensions import db
from ..tasks.models import Task, TaskStatus
from ..tasks.queries import involving_agency, visible_to
from ..users.models import User

bp = Blueprint("search", __name__)
#: Results per page, and how many matches are ranked (beyond them, the deadline orders).
PAGE = 20
RANKED = 500


@dataclass
class SearchResults:
    tasks: list[Task] = field(default_factory=list)
    task_total: int = 0
    documents: list[Document] = field(default_factory=list)
    document_total: int = 0
    agencies: list[Agency] = field(default_factory=list)
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.task_total // PAGE))


def terms(query: str) -> list[str]:
    """The keys to match: each "quoted phrase" whole, then every other word."""
    phrases = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]*"', " ", query)
    return [key for key in (search_key(p) for p in phrases) if key] + search_key(rest).split()


def _whole(column, key: str):  # noqa: ANN001, ANN202
    """`key` as whole words of `column` (a space-joined search key)."""
    return literal(" ").concat(column).concat(" ").contains(f" {key} ", autoescape=True)


def search(session: Session, user: User, query: str, page: int = 1) -> SearchResults:
    keys = terms(query)
    if not keys:
        return SearchResults()
    results = SearchResults(page=max(page, 1))
    _tasks(session, user, query, keys, results)
    _documents(session, user, keys, results)
    if user.sees_everything or user.agency_id:
        results.agencies = _agencies(session, keys)
    return results


def _tasks(session: Session, user: User, query: str, keys: list[str], results: SearchResults) -> None:
    match = visible_to(select(Task).where(and_(*[_whole(Task.search_text, k) for k in keys]),
                                          Task.status != TaskStatus.DRAFT), user)
    results.task_total = session.scalar(select(func.count()).select_from(match.subquery())) or 0
    start = (results.page - 1) * PAGE
    if start < RANKED:
        candidates = session.scalars(match.options(selectinload(Task.lead_agency))
                                     .order_by(Task.due_date.desc(), Task.id.desc()).limit(RANKED)).all()
        typed = unicodedata.normalize("NFC", query.strip().strip('"')).casefold()
        phrase = f" {search_key(query)} "
        ranked = sorted(candidates, key=lambda t: -_score(t, typed, phrase))  # stable: ties keep deadline order
        results.tasks = list(ranked[start:start + PAGE])
    else:
        results.tasks = list(session.scalars(match.options(selectinload(Task.lead_agency))
                                             .order_by(Task.due_date.desc(), Task.id.desc())
                                             .offset(start).limit(PAGE)))


def _score(task: Task, typed: str, phrase: str) -> int:
    """`typed`: the query casefolded, diacritics kept; `phrase`: its search key, space-padded."""
    score = 0
    if task.code and task.code.casefold() == typed:
        score += 10
    if typed and typed in unicodedata.normalize("NFC", task.description).casefold():
        score += 3
    if phrase in f" {task.search_text} ":
        score += 2
    return score


def _documents(session: Session, user: User, keys: list[str], results: SearchResults) -> None:
    match = select(Document).where(and_(*[_whole(Document.search_text, k) for k in keys]))
    if not user.sees_everything:
        match = match.where(Document.status == DocumentStatus.CONFIRMED, Document.id.in_(
            select(Task.document_id).where(involving_agency(user.agency_id or -1))))
    results.document_total = session.scalar(select(func.count()).select_from(match.subquery())) or 0
    results.documents = list(session.scalars(match.order_by(Document.issued_date.desc().nulls_last(),
                                                            Document.id.desc()).limit(PAGE)))


def _agencies(session: Session, keys: list[str]) -> list[Agency]:
    by_alias = select(AgencyAlias.agency_id).where(and_(*[_whole(AgencyAlias.alias_key, k) for k in keys]))
    return list(session.scalars(select(Agency).where(or_(and_(*[_whole(Agency.name_key, k) for k in keys]),
                                                         Agency.id.in_(by_alias)))
                                .order_by(Agency.is_active.desc(), Agency.name).limit(PAGE)))


@bp.get("/search")
@login_required
def search_page():  # noqa: ANN201
    query = request.args.get("q", "").strip()[:200]
    page = request.args.get("page", "1")
    results = search(db.session, current_user, query, int(page) if page.isdigit() else 1) if query \
        else SearchResults()
    return render_template("web/search.html", query=query, results=results)
