"""Fill an empty database with the Auray demo. Running it again adds only what is missing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Callable

from bourse.accounts import services as accounts
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.demo.data import DEMO_APPLICANTS, DEMO_USERS, PREMISES, STREETS
from bourse.demo.register import seed_register
from bourse.observatory import snapshots
from bourse.extensions import db
from bourse.geo import make_point
from bourse.premises.models import DealType, LeaseType, Premises, PremisesStatus
from bourse.premises import lifecycle
from bourse.programmes import services as programmes
from bourse.projects import services as projects
from bourse.programmes.models import Programme
from bourse.timeutil import utcnow
from bourse.towns import services as towns
from bourse.towns.models import Town

Progress = Callable[[str], None]
TEST_BOUTIQUE_REFERENCE = "AUR-0004"  # "Petite cellule pour boutique à l'essai", rue du Belzic

# The order a unit goes through to reach each demo status.
_PATHS = {
    "draft": (),
    "published": ("publish",),
    "under_offer": ("publish", "mark_under_offer"),
    "let": ("publish", "mark_under_offer", "mark_let"),
    "withdrawn": ("publish", "withdraw"),
}


def _users(progress: Progress) -> dict[str, User]:
    auray_and_vannes = db.session.scalars(db.select(Town).where(Town.insee_code.in_(("56007", "56260")))).all()
    users = {}
    for demo in DEMO_USERS:
        user = accounts.find_user_by_email(demo.email)
        if user is None:
            user = accounts.create_user(
                demo.email, demo.password, demo.full_name, Role(demo.role),
                auray_and_vannes if demo.role == Role.TOWN_MANAGER else (),
            )
            progress(f"user {demo.email} ({demo.role}) added")
        users[demo.key] = user
    return users


def _offset(index: int) -> tuple[float, float]:
    """A small, repeatable shift so that units of one street do not sit on one point."""
    return (((index * 37) % 9) - 4) * 0.00009, (((index * 53) % 7) - 3) * 0.00005


def _premises(landlord: User, manager: User, auray: Town, progress: Progress) -> int:
    existing = set(db.session.scalars(db.select(Premises.reference).where(Premises.reference.like("AUR-%"))))
    added = 0
    now = utcnow()
    for index, (title, street, number, area, rent, deal, status, sector, extras) in enumerate(PREMISES, 1):
        reference = f"AUR-{index:04d}"
        if reference in existing:
            continue
        name, lon, lat = STREETS[street]
        dlon, dlat = _offset(index)
        premises = Premises(
            reference=reference, owner=landlord, town=auray, title=title,
            description=f"{title}, {number} {name}, au cœur d'Auray.",
            address=f"{number} {name}, 56400 Auray", location=make_point(lon + dlon, lat + dlat),
            sales_area_m2=Decimal(area), storage_area_m2=Decimal(area // 4), total_area_m2=Decimal(area + area // 4),
            frontage_m=Decimal(str(extras.get("frontage", 6))), deal_type=DealType(deal).value,
            rent_per_year=Decimal(rent) if rent else None, charges_per_year=Decimal(area * 12) if rent else None,
            lease_types=[LeaseType.COMMERCIAL_369.value, LeaseType.SHORT_TERM.value],
            has_extraction=extras.get("extraction", False), step_free_access=extras.get("step_free", False),
            erp_compliant=extras.get("step_free", False), dpe_class="CDEFD"[index % 5],
            available_from=(now + timedelta(days=(index % 6) * 30)).date(),
            current_sector=sector, status=PremisesStatus.DRAFT.value,
        )
        created = now - timedelta(days=60 + index * 23)
        premises.created_at = created
        lifecycle.start(premises, landlord, at=created)
        for step, verb in enumerate(_PATHS[status], 1):
            lifecycle.run(premises, manager if verb == "mark_let" else landlord, verb,
                          at=created + timedelta(days=step * (7 + index)))
        added += 1
        progress(f"premises {reference} {title} ({status})")
    db.session.flush()
    return added


def _test_boutique(manager: User, progress: Progress) -> None:
    """Auray's test boutique: an open call with two six-month slots."""
    unit = db.session.scalar(db.select(Premises).where(Premises.reference == TEST_BOUTIQUE_REFERENCE))
    if unit is None or db.session.scalar(db.select(Programme.id).where(Programme.premises_id == unit.id)):
        return
    programme = programmes.save_programme(
        manager, None, premises=unit, title="Boutique à l'essai — rue du Belzic",
        description="La ville d'Auray et la CCI du Morbihan proposent une cellule de 32 m² rue du Belzic "
                    "pour tester un commerce pendant six mois, avec un loyer réduit et un accompagnement.",
        support=["rent_reduction", "mentoring", "honour_loan"],
        support_details="Loyer réduit de 50 % pendant l'essai ; prêt d'honneur jusqu'à 8 000 € ; "
                        "suivi mensuel par un conseiller CCI.",
        trial_months=6, renewable_once=True, follow_on_lease="commercial_369",
        criteria=[programmes.Criterion("Qualité du projet", 30), programmes.Criterion("Viabilité économique", 30),
                  programmes.Criterion("Complémentarité avec les commerces de la rue", 25),
                  programmes.Criterion("Expérience du porteur", 15)])
    today = utcnow().date()
    call = programmes.save_call(manager, programme, None, opens_on=today - timedelta(days=7),
                                closes_at=utcnow() + timedelta(days=45), published=True)
    first = today + timedelta(days=60)
    for start, months in ((first, 6), (first + timedelta(days=183), 6)):
        programmes.add_slot(manager, call, starts_on=start,
                            ends_on=start + timedelta(days=30 * months), rent_per_month=Decimal(200))
    progress(f"test boutique programme for {unit.reference} with an open call")


def _project(entrepreneur: User, auray: Town, progress: Progress) -> None:
    """The entrepreneur's project file: a bulk grocery looking for 30–60 m² in Auray."""
    if projects.projects_of(entrepreneur):
        return
    projects.save_project(entrepreneur, None, projects.ProjectData(
        name="Épicerie vrac du Loch", sector="food",
        concept="Épicerie zéro déchet : produits bretons en vrac, café de torréfacteurs locaux, ateliers.",
        min_area_m2=Decimal(30), max_area_m2=Decimal(60), max_rent_per_year=Decimal(12000), towns=[auray],
        earliest_start=utcnow().date() + timedelta(days=60), need_step_free="nice",
        experience="Dix ans en grande distribution, formation de gérante de magasin bio.",
        funding_secured=Decimal(25000), visible=True))
    progress("project Épicerie vrac du Loch added")


def _jury_and_applicants(manager: User, juror: User, auray: Town, progress: Progress) -> None:
    """Seat the demo juror on the open call, and submit two other entrepreneurs' applications to it."""
    import secrets

    from bourse.applications import services as applications
    from bourse.jury import invitations
    from bourse.jury.models import JuryMember
    from bourse.programmes.models import Call

    call = db.session.scalar(db.select(Call).join(Programme).join(Premises, Premises.id == Programme.premises_id)
                             .where(Premises.reference == TEST_BOUTIQUE_REFERENCE))
    if call is None or db.session.scalar(db.select(JuryMember.id).where(JuryMember.call_id == call.id)):
        return
    invitations.seat(call, juror, manager)
    for email, name, project_name, sector, concept, slot_index in DEMO_APPLICANTS:
        owner = accounts.find_user_by_email(email) or accounts.create_user(
            email, secrets.token_urlsafe(24), name, Role.ENTREPRENEUR)
        project = projects.save_project(owner, None, projects.ProjectData(
            name=project_name, sector=sector, concept=concept, min_area_m2=Decimal(25), max_area_m2=Decimal(50),
            max_rent_per_year=Decimal(6000), towns=[auray], visible=False))
        slot = call.slots[slot_index]
        applications.apply(owner, project, slot.premises, slot, "Candidature de démonstration.", submit=True)
    progress("jury member seated and two applications submitted to the open call")


def seed_demo(progress: Progress = lambda _m: None) -> dict[str, int]:
    """Seed towns, demo users, Auray's premises, its test boutique and its unit register. Idempotent."""
    progress("1/5 reference towns")
    towns.seed_reference_towns(progress)
    auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
    progress("2/5 demo accounts")
    users = _users(progress)
    progress("3/5 Auray premises")
    added = _premises(users["landlord"], users["manager"], auray, progress)
    progress("4/5 test boutique and project file")
    _test_boutique(users["manager"], progress)
    _project(users["entrepreneur"], auray, progress)
    _jury_and_applicants(users["manager"], users["jury"], auray, progress)
    progress("5/5 Auray's unit register")
    surveys = seed_register(users["manager"], auray, progress)
    if snapshots.freeze_last_month():  # what the daily job would have done: last month's figures, frozen
        progress("last month's observatory figures frozen")
    total = db.session.scalar(db.select(db.func.count(Premises.id)))
    return {"premises_added": added, "premises_total": total, "users": len(users), "surveys_added": surveys}
