""""Download my data": a ZIP of JSON files and the person's own files, nothing of anyone else's.

Messages others wrote, other applicants, jury members' names and scores on one's own
application are other people's data: they are left out.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from bourse import storage
from bourse.accounts.models import User
from bourse.applications.models import Application, ApplicationDocument, ApplicationEvent, ApplicationMessage, Lease
from bourse.extensions import db
from bourse.geo import point_coords
from bourse.jury.models import JuryConflict, JuryMember, JuryScore
from bourse.notifications.models import Notification, SavedSearch
from bourse.premises.models import Premises, PremisesPhoto, PremisesStatusChange
from bourse.projects.models import Project, ProjectPhoto


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj, columns: Iterable[str]) -> dict:
    return {name: _plain(getattr(obj, name)) for name in columns}


def _all(query) -> list:
    return list(db.session.scalars(query))


def account(user: User) -> dict:
    return {
        **_row(user, ("id", "email", "full_name", "role", "locale", "created_at", "last_login_at",
                      "email_verified_at", "email_notifications", "alert_emails_consent_at")),
        "towns_managed": [t.name for t in user.towns],
    }


def projects(user: User) -> list[dict]:
    return [{
        **_row(p, ("id", "name", "sector", "concept", "experience", "min_area_m2", "max_area_m2", "max_rent_per_year",
                   "place_label", "radius_km", "earliest_start", "need_extraction", "need_step_free", "need_frontage",
                   "min_frontage_m", "funding_secured", "visible", "business_plan_name")),
        "towns": [t.name for t in p.towns],
        "location": point_coords(p.location) if p.location is not None else None,
    } for p in _all(db.select(Project).where(Project.owner_id == user.id).order_by(Project.id))]


def premises(user: User) -> list[dict]:
    result = []
    for unit in _all(db.select(Premises).where(Premises.owner_id == user.id).order_by(Premises.id)):
        history = _all(db.select(PremisesStatusChange).where(PremisesStatusChange.premises_id == unit.id)
                       .order_by(PremisesStatusChange.id))
        result.append({
            **_row(unit, ("id", "reference", "title", "description", "address", "status", "sales_area_m2",
                          "storage_area_m2", "total_area_m2", "frontage_m", "deal_type", "rent_per_year",
                          "charges_per_year", "deposit", "key_money", "lease_types", "dpe_class")),
            "town": unit.town.name, "location": point_coords(unit.location),
            "history": [_row(h, ("from_status", "to_status", "changed_at")) for h in history],
        })
    return result


def applications(user: User) -> list[dict]:
    result = []
    for application in _all(db.select(Application).where(Application.applicant_id == user.id)
                            .order_by(Application.id)):
        events = _all(db.select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
                      .order_by(ApplicationEvent.id))
        lease = db.session.scalar(db.select(Lease).where(Lease.application_id == application.id))
        result.append({
            **_row(application, ("id", "state", "cover_message", "reason", "submitted_at")),
            "project_id": application.project_id, "premises": application.premises.title,
            "events": [_row(e, ("verb", "from_state", "to_state", "at")) for e in events],
            "lease": _row(lease, ("lease_type", "starts_on", "ends_on", "signed_on")) if lease else None,
        })
    return result


def messages(user: User) -> list[dict]:
    """The messages the person wrote (the replies are their authors' data)."""
    return [_row(m, ("application_id", "body", "internal", "created_at")) for m in _all(
        db.select(ApplicationMessage).where(ApplicationMessage.author_id == user.id).order_by(ApplicationMessage.id))]


def jury(user: User) -> dict:
    seats = _all(db.select(JuryMember).where(JuryMember.user_id == user.id).order_by(JuryMember.id))
    ids = [s.id for s in seats]
    return {
        "seats": [_row(s, ("call_id", "email", "invited_at", "joined_at")) for s in seats],
        "scores": [_row(s, ("application_id", "criterion", "score", "comment", "updated_at")) for s in _all(
            db.select(JuryScore).where(JuryScore.member_id.in_(ids)).order_by(JuryScore.id))],
        "conflicts": [_row(c, ("application_id", "note")) for c in _all(
            db.select(JuryConflict).where(JuryConflict.member_id.in_(ids)).order_by(JuryConflict.id))],
    }


def alerts_and_notifications(user: User) -> dict:
    return {
        "saved_searches": [_row(s, ("name", "query", "min_score", "created_at")) for s in _all(
            db.select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id))],
        # Without their text, which quotes other people (a reviewer's message, a sender's name).
        "notifications": [_row(n, ("kind", "title", "link", "created_at", "read_at")) for n in _all(
            db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))],
    }


def files(user: User) -> list[tuple[str, str]]:
    """``(name in the ZIP, storage key)`` of the person's own files."""
    found: list[tuple[str, str]] = []
    for project in _all(db.select(Project).where(Project.owner_id == user.id)):
        if project.business_plan_key:
            found.append((f"projects/{project.id}/{project.business_plan_name or 'business-plan.pdf'}",
                          project.business_plan_key))
        found += [(f"projects/{project.id}/photo-{p.id}.jpg", p.storage_key) for p in _all(
            db.select(ProjectPhoto).where(ProjectPhoto.project_id == project.id))]
    found += [(f"premises/{p.premises_id}/photo-{p.id}.jpg", p.storage_key) for p in _all(
        db.select(PremisesPhoto).join(Premises).where(Premises.owner_id == user.id))]
    found += [(f"applications/{d.application_id}/{d.id}-{d.filename}", d.storage_key) for d in _all(
        db.select(ApplicationDocument).where(ApplicationDocument.uploaded_by_id == user.id))]
    return found


def write_zip(user: User) -> io.BytesIO:
    """The whole export, in memory: one person's files are megabytes, not gigabytes."""
    parts = {"account.json": account(user), "projects.json": projects(user), "premises.json": premises(user),
             "applications.json": applications(user), "messages.json": messages(user), "jury.json": jury(user),
             "alerts.json": alerts_and_notifications(user)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, json.dumps(content, ensure_ascii=False, indent=2))
        for name, key in files(user):
            stored = storage.open_file(key)
            if stored is not None:
                with stored:
                    archive.writestr(f"files/{name}", stored.read())
    out.seek(0)
    return out
