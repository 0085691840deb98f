import re

import pytest
from sqlalchemy import select

from factories import ALL_KINDS, create_test_offer, offer_fields
from participation.accounts.services import create_organisation, find_user
from participation.answers.models import Submission
from participation.enums import OfferStatus, OrganisationKind, QuestionKind
from participation.extensions import db
from participation.offers import services
from participation.offers.models import Offer
from participation.roles import Role
from participation.timeutil import local_today


@pytest.fixture
def draft(app_ctx):
    organisation = create_organisation(name="Treff", kind=OrganisationKind.youth_club)
    offer = services.create_offer(organisation=organisation, created_by=None, fields=offer_fields())
    db.session.commit()
    return offer


def test_codes_are_short_unambiguous_and_not_sequential(app_ctx):
    codes = [services.generate_code() for _ in range(200)]
    assert all(re.fullmatch(r"[23456789abcdefghjkmnpqrstuvwxyz]{8}", c) for c in codes)
    assert len(set(codes)) == 200
    assert not any(ch in "".join(codes) for ch in "01ilo")


def test_new_offer_is_a_draft_with_its_tags(draft):
    assert draft.status is OfferStatus.draft
    assert draft.ortsteil_codes == ["20"]
    assert [g.value for g in draft.age_groups] == ["10-13"]
    assert [g.value for g in draft.goals] == ["participation"]


def test_publish_needs_a_question(draft):
    with pytest.raises(services.NoQuestions):
        services.publish(draft, actor=None)
    services.add_question(draft, ALL_KINDS[0])
    services.publish(draft, actor=None)
    assert draft.status is OfferStatus.open and draft.opened_at is not None


def test_status_only_moves_forward(draft):
    services.add_question(draft, ALL_KINDS[0])
    with pytest.raises(services.InvalidTransition):
        services.close(draft, actor=None)
    services.publish(draft, actor=None)
    with pytest.raises(services.InvalidTransition):
        services.publish(draft, actor=None)
    services.close(draft, actor=None)
    assert draft.status is OfferStatus.closed
    with pytest.raises(services.InvalidTransition):
        services.update_offer(draft, offer_fields(title="Neu"))


def test_questions_are_locked_once_published(draft):
    question = services.add_question(draft, ALL_KINDS[0])
    services.publish(draft, actor=None)
    with pytest.raises(services.QuestionsLocked):
        services.add_question(draft, ALL_KINDS[1])
    with pytest.raises(services.QuestionsLocked):
        services.update_question(question, ALL_KINDS[1])
    with pytest.raises(services.QuestionsLocked):
        services.delete_question(question)
    with pytest.raises(services.QuestionsLocked):
        services.move_question(question, 1)


def test_questions_are_locked_when_answers_exist(draft):
    services.add_question(draft, ALL_KINDS[0])
    db.session.add(Submission(offer_id=draft.id))
    db.session.flush()
    assert services.questions_locked(draft)


def test_reorder_and_delete_keep_positions_dense(draft):
    for fields in ALL_KINDS[:3]:
        services.add_question(draft, fields)
    first, second, third = draft.questions
    services.move_question(third, -1)
    db.session.refresh(draft)
    assert [q.id for q in draft.questions] == [first.id, third.id, second.id]
    services.move_question(first, -1)  # already at the top: nothing happens
    services.delete_question(third)
    db.session.refresh(draft)
    assert [(q.id, q.position) for q in draft.questions] == [(first.id, 0), (second.id, 1)]


def test_edit_question_replaces_options(draft):
    question = services.add_question(draft, ALL_KINDS[1])
    services.update_question(
        question, services.QuestionFields(QuestionKind.single, "Neu?", False, None, ["A", "B", "C"])
    )
    assert [o.label for o in question.options] == ["A", "B", "C"]
    services.update_question(question, services.QuestionFields(QuestionKind.yes_no, "Ja?"))
    assert question.options == [] and question.points is None


@pytest.mark.parametrize(
    ("steps", "starts_in", "ends_in", "expected"),
    [
        ((), -1, 5, "draft"),
        ((services.publish,), 1, 5, "upcoming"),
        ((services.publish,), 0, 0, "open"),
        ((services.publish,), -5, -1, "closed"),
        ((services.publish, services.close), -1, 5, "closed"),
    ],
)
def test_phase(app, steps, starts_in, ends_in, expected):
    offer_id = create_test_offer(app, publish=False, starts_in=starts_in, ends_in=ends_in)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for step in steps:
            step(offer, actor=None)
        assert offer.phase_on(local_today()) == expected


def test_offers_for_limits_youth_workers_to_their_organisations(app, make_organisation, make_user):
    mine, theirs = make_organisation("Mein Treff"), make_organisation("Anderer Treff")
    create_test_offer(app, organisation_id=mine, title="Meins")
    create_test_offer(app, organisation_id=theirs, title="Fremd")
    make_user("w@example.org", organisation_ids=[mine])
    make_user("a@example.org", role=Role.admin)
    with app.app_context():
        assert [o.title for o in services.offers_for(find_user("w@example.org"))] == ["Meins"]
        assert sorted(o.title for o in services.offers_for(find_user("a@example.org"))) == ["Fremd", "Meins"]
        assert db.session.scalar(select(Offer.code).where(Offer.title == "Meins"))
