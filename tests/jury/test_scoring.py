"""Scoring on the published grid, conflicts of interest, the ranking and the jury-driven allocation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bourse.domain import NotFound

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.jury import ranking, scoring
from bourse.jury.invitations import JuryError
from bourse.jury.models import JuryScore
from bourse.matching import slots as allocation
from bourse.programmes import services as programmes
from bourse.programmes.models import SlotAllocation
from bourse.projects import services as projects

Mark = scoring.Mark


def stored_scores() -> list[tuple]:
    db.session.commit()
    return sorted((s.member_id, s.application_id, s.criterion, s.score, s.comment)
                  for s in db.session.scalars(db.select(JuryScore)))


def test_scores_are_kept_per_criterion_and_a_new_save_replaces_them(jury, apply_to):
    application = apply_to(jury.slots[0], "Fromagerie")
    member = jury.members[0]
    scoring.save_scores(member, application, [Mark("8", "Solide"), Mark("6,5", "")])
    seat = jury.seat(member).id
    assert stored_scores() == [(seat, application.id, 0, Decimal("8.0"), "Solide"),
                               (seat, application.id, 1, Decimal("6.5"), "")]
    scoring.save_scores(member, application, [Mark("9", "Mieux"), Mark("7", "Ancré")])
    assert [row[3:] for row in stored_scores()] == [(Decimal("9.0"), "Mieux"), (Decimal("7.0"), "Ancré")]


@pytest.mark.parametrize("bad", ["11", "-1", "10.5", "7.3", "abc", "", "NaN", "Infinity", "1e3"])
def test_a_score_outside_the_grid_range_is_refused_and_nothing_is_written(jury, apply_to, bad):
    application = apply_to(jury.slots[0], "Fromagerie")
    with pytest.raises(JuryError) as refused:
        scoring.save_scores(jury.members[0], application, [Mark("5"), Mark(bad)])
    assert "Ancrage local" in str(refused.value) and "0" in str(refused.value) and "10" in str(refused.value)
    assert stored_scores() == []


def test_every_criterion_must_be_scored(jury, apply_to):
    application = apply_to(jury.slots[0], "Fromagerie")
    with pytest.raises(JuryError):
        scoring.save_scores(jury.members[0], application, [Mark("5")])
    assert stored_scores() == []


def test_the_grid_sets_the_range(jury, apply_to, manager):
    programme = jury.call.programme
    programmes.save_programme(manager, programme, premises=programme.premises, title=programme.title,
                              description="", support=[], support_details="", trial_months=6, renewable_once=True,
                              follow_on_lease="commercial_369", criteria=[programmes.Criterion("Viabilité", 60),
                                                                          programmes.Criterion("Ancrage local", 40)],
                              score_max=20)
    application = apply_to(jury.slots[0], "Fromagerie")
    scoring.save_scores(jury.members[0], application, [Mark("18"), Mark("20")])
    with pytest.raises(JuryError):
        scoring.save_scores(jury.members[0], application, [Mark("18"), Mark("21")])


def test_only_seated_members_score(jury, apply_to, make_user, manager):
    application = apply_to(jury.slots[0], "Fromagerie")
    outsider = make_user(Role.JURY_MEMBER, email="autre@example.com")
    for user in (outsider, manager, application.applicant):
        with pytest.raises(NotFound):
            scoring.save_scores(user, application, [Mark("5"), Mark("5")])
    assert stored_scores() == []


def test_a_conflicted_member_cannot_score_and_their_scores_are_withdrawn(jury, apply_to):
    application = apply_to(jury.slots[0], "Fromagerie")
    member = jury.members[0]
    scoring.save_scores(member, application, [Mark("9"), Mark("9")])
    scoring.declare_conflict(member, application, "Ma cousine")
    assert stored_scores() == []
    with pytest.raises(JuryError) as refused:
        scoring.save_scores(member, application, [Mark("9"), Mark("9")])
    assert "conflit d'intérêts" in str(refused.value)
    assert stored_scores() == []
    [aggregate] = ranking.rank(jury.call)
    assert aggregate.conflicted == 1 and aggregate.mean is None


def test_the_grid_is_frozen_once_scoring_has_started(jury, apply_to, manager):
    application = apply_to(jury.slots[0], "Fromagerie")
    scoring.save_scores(jury.members[0], application, [Mark("5"), Mark("5")])
    programme = jury.call.programme
    with pytest.raises(programmes.ProgrammeError):
        programmes.save_programme(manager, programme, premises=programme.premises, title="Nouveau titre",
                                  description="", support=[], support_details="", trial_months=6,
                                  renewable_once=True, follow_on_lease="commercial_369",
                                  criteria=[programmes.Criterion("Tout", 100)])
    db.session.rollback()
    # The same grid with another title is fine.
    programmes.save_programme(manager, programme, premises=programme.premises, title="Nouveau titre",
                              description="", support=[], support_details="", trial_months=6, renewable_once=True,
                              follow_on_lease="commercial_369", criteria=[programmes.Criterion("Viabilité", 60),
                                                                          programmes.Criterion("Ancrage local", 40)])


def test_ranking_uses_the_weighted_grid_with_the_spread_between_members(jury, apply_to):
    strong = apply_to(jury.slots[0], "Fromagerie")
    weak = apply_to(jury.slots[0], "Bazar")
    unscored = apply_to(jury.slots[1], "Librairie")
    first, second = jury.members
    scoring.save_scores(first, strong, [Mark("10"), Mark("5")])   # 60 + 20 = 80
    scoring.save_scores(second, strong, [Mark("8"), Mark("10")])  # 48 + 40 = 88
    scoring.save_scores(first, weak, [Mark("2"), Mark("4")])      # 12 + 16 = 28
    ranked = ranking.rank(jury.call)
    assert [a.application.id for a in ranked] == [strong.id, weak.id, unscored.id]
    top = ranked[0]
    assert top.mean == pytest.approx(84.0) and top.spread == pytest.approx(8.0) and top.scored_by == 2
    assert top.criterion_means == [pytest.approx(9.0), pytest.approx(7.5)]
    assert ranked[1].mean == pytest.approx(28.0) and ranked[1].spread == 0
    assert ranked[2].mean is None and ranked[2].scored_by == 0


def test_the_allocation_maximises_the_jury_total_not_the_match(jury, apply_to, make_user, manager):
    owner_a = make_user(Role.ENTREPRENEUR, email="a@example.com")
    owner_b = make_user(Role.ENTREPRENEUR, email="b@example.com")
    a1, a2 = apply_to(jury.slots[0], "A", owner_a), None
    # The same project applies to both slots: one application per slot.
    project_a = a1.project
    from bourse.applications import services as applications

    a2 = applications.apply(owner_a, project_a, jury.slots[1].premises, jury.slots[1], "", submit=True)
    b1 = apply_to(jury.slots[0], "B", owner_b)
    b2 = applications.apply(owner_b, b1.project, jury.slots[1].premises, jury.slots[1], "", submit=True)
    member = jury.members[0]
    # Grid max 10, weights 60/40: equal marks give total = 10 × mark.
    for application, mark in ((a1, "9"), (a2, "5"), (b1, "8"), (b2, "2")):
        scoring.save_scores(member, application, [Mark(mark), Mark(mark)])
    proposal = allocation.propose(manager, jury.call)
    assert proposal.method == "jury"
    # A→slot 1 and B→slot 2 is 90 + 20 = 110; A→slot 2 and B→slot 1 is 50 + 80 = 130.
    assigned = {slot_id: project.id for slot_id, (project, _score) in proposal.pairs.items()}
    assert assigned == {jury.slots[0].id: b1.project_id, jury.slots[1].id: project_a.id}
    allocation.confirm(manager, jury.call, assigned, proposal)
    db.session.commit()
    rows = {r.slot_id: (r.project_id, float(r.score), r.method) for r in db.session.scalars(db.select(SlotAllocation))}
    assert rows == {jury.slots[0].id: (b1.project_id, 80.0, allocation.JURY_METHOD),
                    jury.slots[1].id: (project_a.id, 50.0, allocation.JURY_METHOD)}


def test_a_candidate_cannot_be_given_a_slot_they_did_not_apply_for(jury, apply_to, manager):
    only_first = apply_to(jury.slots[0], "A")
    scoring.save_scores(jury.members[0], only_first, [Mark("9"), Mark("9")])
    proposal = allocation.propose(manager, jury.call)
    with pytest.raises(programmes.ProgrammeError):
        allocation.confirm(manager, jury.call, {jury.slots[1].id: only_first.project_id}, proposal)


def test_jury_members_see_the_project_file_of_applications_they_judge(jury, apply_to, make_user):
    application = apply_to(jury.slots[0], "Fromagerie")
    project = application.project
    assert not project.visible
    assert projects.can_view(jury.members[0], project)
    assert projects.can_view(jury.manager, project)
    scoring.declare_conflict(jury.members[1], application, "")
    assert not projects.can_view(jury.members[1], project)
    assert not projects.can_view(make_user(Role.JURY_MEMBER, email="x@example.com"), project)
