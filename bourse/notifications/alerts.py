"""Alerts: when premises or a call are published, tell the people whose saved searches match."""

from __future__ import annotations

from flask_babel import force_locale, gettext as _
from sqlalchemy.orm import joinedload

from bourse.extensions import db
from bourse.notifications.models import SavedSearch
from bourse.notifications.saved_searches import satisfied_by
from bourse.notifications.services import notify
from bourse.urls import link_to
from bourse.matching.services import fit_for_projects, scores_for_unit
from bourse.jobs import handler
from bourse.premises.models import Premises, PremisesStatus
from bourse.programmes.models import Call
from bourse.projects.models import Project
from bourse.search import filters as premises_search


def matches_one_by_one(search: SavedSearch, premises: Premises) -> bool:
    """The definition, one query per search: what ``satisfied_by`` answers for all searches at once.

    Kept as the reference the tests compare against, and as the benchmark's baseline.
    """
    filters = premises_search.parse(search.query or {})
    filters.test_boutique = False  # a new call is announced whatever its slots' state yet
    # The first condition is "published": a test-boutique unit is announced through its call.
    conditions = premises_search.conditions(filters)[1:]
    hit = db.session.scalar(db.select(Premises.id).where(Premises.id == premises.id, *conditions))
    return hit is not None


def project_score_one_by_one(search: SavedSearch, premises: Premises) -> float | None:
    """The definition, one matching run per project alert: what ``project_alerts`` answers for
    all of them at once. Kept as the reference the tests compare against."""
    project = db.session.get(Project, search.project_id)
    if project is None:
        return None
    [(_project, match, _removed)] = fit_for_projects([project], premises)
    return match.score if match else None


def project_alerts(premises: Premises, others) -> list[tuple[SavedSearch, float]]:
    """The project alerts ``premises`` satisfies, with its score: one query for the projects, one
    vectorised scoring, one query for the alerts."""
    alerting = db.select(SavedSearch.project_id).where(others, SavedSearch.project_id.is_not(None))
    scores = scores_for_unit(premises, alerting)
    if not scores:
        return []
    searches = db.session.scalars(db.select(SavedSearch).options(joinedload(SavedSearch.user))
                                  .where(others, SavedSearch.project_id.in_(list(scores))).order_by(SavedSearch.id))
    return [(search, scores[search.project_id]) for search in searches
            if scores[search.project_id] >= float(search.min_score or 0)]


def _wording(locale: str, premises: Premises) -> tuple[str, str, str]:
    """An alert's title (to fill with the search's name), body and score line (to fill) in ``locale``:
    translated once per language for a unit, not once per alert."""
    with force_locale(locale):
        return (_("New premises for your alert “%(name)s”"),
                _("%(title)s, %(address)s.", title=premises.title, address=premises.address),
                _("Match: %(score)s/100"))


def unit_published(premises: Premises, link: str | None = None) -> int:
    """Notify every saved search that ``premises`` now satisfies (no commit). Returns the count.

    Every recipient is found before the first notification is written: on SQLite, writing takes
    the database's one write lock until the job commits, and publishers must not wait on the scoring.
    """
    link = link or link_to("premises_public.detail", premises_id=premises.id)
    others = SavedSearch.user_id != premises.owner_id
    found: list[tuple[SavedSearch, float | None]] = [
        (search, None) for search in db.session.scalars(
            db.select(SavedSearch).options(joinedload(SavedSearch.user))
            .where(others, *satisfied_by(premises)).order_by(SavedSearch.id))]
    found += project_alerts(premises, others)
    wordings: dict[str, tuple[str, str, str]] = {}
    with db.session.no_autoflush:
        for search, score in found:
            locale = search.user.locale or "fr"  # each recipient reads it in their own language
            if locale not in wordings:
                wordings[locale] = _wording(locale, premises)
            title, body, match = wordings[locale]
            if score is not None:
                body += " " + match % {"score": int(round(score))}
            notify(search.user, "alert", title % {"name": search.name}, body, link, alert=True)
    return len(found)


@handler("alerts.premises_published")
def premises_published_job(premises_id: int) -> None:
    """Alert the saved searches a newly published unit satisfies (gone or unpublished since: nothing)."""
    premises = db.session.get(Premises, premises_id)
    if premises is not None and premises.status == PremisesStatus.PUBLISHED.value:
        unit_published(premises)


@handler("alerts.call_published")
def call_published_job(call_id: int) -> None:
    call = db.session.get(Call, call_id)
    if call is not None and call.published:
        unit_published(call.programme.premises, link_to("programmes.call_detail", call_id=call.id))
