"""Account rules and the staff log, called directly."""

import logging

import pytest

from factories import PASSWORD
from participation.accounts import services
from participation.accounts.models import Organisation
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.roles import Role


@pytest.mark.usefixtures("app_ctx")
def test_a_new_account_needs_a_password_and_gets_its_moderator_rights():
    organisation = services.create_organisation(name="Treff", kind=OrganisationKind.youth_club)
    with pytest.raises(services.PasswordRequired):
        services.open_account("neu@example.org", services.AccountFields(Role.youth_worker), actor=None)
    fields = services.AccountFields(Role.youth_worker, [organisation], {organisation.id}, password=PASSWORD)
    user = services.open_account("neu@example.org", fields, actor=None)
    assert services.moderator_rights(user) == {organisation.id}


@pytest.mark.usefixtures("app_ctx")
@pytest.mark.parametrize(("role", "active"), [(Role.planner, True), (Role.admin, False)])
def test_an_admin_cannot_lock_themselves_out(role, active):
    admin = services.create_user(email="a@example.org", password=PASSWORD, role=Role.admin, organisations=[])
    with pytest.raises(services.SelfLockout):
        services.change_account(admin, services.AccountFields(role, is_active=active), actor=admin)
    assert admin.role is Role.admin and admin.is_active_account
    other = services.create_user(email="b@example.org", password=PASSWORD, role=Role.admin, organisations=[])
    services.change_account(other, services.AccountFields(role, is_active=active), actor=admin)
    assert other.role is role and other.is_active_account is active


def test_staff_log_is_written_on_commit_only_and_names_account_ids(app, caplog):
    caplog.set_level(logging.INFO, logger="participation")
    with app.app_context():
        admin = services.create_user(
            email="a@example.org", password=PASSWORD, role=Role.admin, organisations=[]
        )
        db.session.commit()
        admin_id = admin.id
        services.create_organisation(name="Verworfen", kind=OrganisationKind.school, actor=admin)
        db.session.rollback()
        assert db.session.query(Organisation).count() == 0
        kept = services.create_organisation(name="Treff", kind=OrganisationKind.school, actor=admin)
        assert "organisation" not in caplog.text  # nothing before the commit
        db.session.commit()
        kept_id = kept.id
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("participation.")]
    assert lines == [
        f"account {admin_id} created with role admin by account None",
        f"organisation {kept_id} created by account {admin_id}",  # the rolled-back one never appears
    ]
    assert "Treff" not in caplog.text and "a@example.org" not in caplog.text  # ids, not names or addresses


def test_staff_log_forgets_lines_of_a_session_closed_without_commit(app, caplog):
    caplog.set_level(logging.INFO, logger="participation")
    with app.app_context():
        services.create_organisation(name="Nie gespeichert", kind=OrganisationKind.school)
        db.session.close()  # e.g. a request that failed before its commit
        kept = services.create_organisation(name="Gespeichert", kind=OrganisationKind.school)
        db.session.commit()
        kept_id = kept.id
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("participation.")]
    assert lines == [f"organisation {kept_id} created by account None"]


def test_staff_log_waits_for_the_outer_commit_not_a_savepoint(app, caplog):
    caplog.set_level(logging.INFO, logger="participation")
    with app.app_context():
        services.create_organisation(name="Treff", kind=OrganisationKind.school)
        with db.session.begin_nested():
            services.create_organisation(name="Schule", kind=OrganisationKind.school)
        assert "organisation" not in caplog.text  # a released savepoint is not the commit
        db.session.commit()
    assert caplog.text.count("organisation ") == 2
